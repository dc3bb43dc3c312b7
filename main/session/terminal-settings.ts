import type { BusinessType } from '../../app/contract/schemas.js';
import type { Settings, SETTING_SCHEMAS } from '../store/settings.js';

/**
 * The counter's per-terminal settings as the session needs them: the business type new sale
 * bills carry (stored setting `counter.businessType`, the configuration file's value as the
 * default) and the idle minutes before the screen locks itself.
 */
export interface TerminalSettings {
  businessType(): BusinessType;
  setBusinessType(value: BusinessType, by: string): BusinessType;
  autoLockMinutes(): number;
}

export function createTerminalSettings(opts: {
  settings: Pick<Settings<typeof SETTING_SCHEMAS>, 'getOr' | 'set'>;
  defaults: { businessType: BusinessType; autoLockMinutes?: number };
}): TerminalSettings {
  const { settings, defaults } = opts;
  return {
    businessType: () => settings.getOr('counter.businessType', defaults.businessType) as BusinessType,
    setBusinessType: (value, by) => settings.set('counter.businessType', value, { by }) as BusinessType,
    autoLockMinutes: () => defaults.autoLockMinutes ?? 10,
  };
}
