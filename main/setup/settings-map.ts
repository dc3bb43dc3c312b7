/**
 * Between the config file and the setup screen: the settings the screen edits (read from and put
 * into a config), which saved fields differ, and which environment variables override fields.
 */
import type { SetupSettings } from '../../app/contract/setup.js';
import type { Config } from '../config.js';

/** Environment variables that override config fields (see main/config.ts applyEnv). */
export const ENV_OVERRIDES: readonly { variable: string; field: string }[] = [
  { variable: 'COUNTERPAY_GATEWAY_URL', field: 'gateway.url' },
  { variable: 'COUNTERPAY_FEED_URL', field: 'backOffice.feedUrl' },
  { variable: 'COUNTERPAY_PORT', field: 'browserShell.port' },
  { variable: 'COUNTERPAY_LOG_LEVEL', field: 'log.level' },
];

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Dotted paths whose values differ. */
export function changedFields(a: unknown, b: unknown): string[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const keys = new Set([...fa.keys(), ...fb.keys()]);
  return [...keys].filter((k) => JSON.stringify(fa.get(k)) !== JSON.stringify(fb.get(k))).sort();
}

/** What the setup screen edits, read from a config. */
export function settingsOf(c: Config): SetupSettings {
  return {
    terminalNo: c.terminalNo,
    businessType: c.businessType,
    locale: c.locale,
    gateway: { url: c.gateway.url, barCodePath: c.gateway.barCodePath, queryPath: c.gateway.queryPath },
    backOffice: { feedUrl: c.backOffice.feedUrl },
    printer: { name: c.printer.name, paperWidthMm: c.printer.paperWidthMm },
    log: { level: c.log.level },
    updates: { enabled: c.updates.enabled, url: c.updates.url },
    receipt: {
      shopName: c.receipt.shopName,
      headerLines: [...c.receipt.headerLines],
      footerLines: [...c.receipt.footerLines],
      autoPrint: c.receipt.autoPrint,
    },
  };
}

/** The config with the screen's settings put in (secrets and the rest of the file untouched). */
export function applySettings(c: Config, s: SetupSettings): Config {
  return {
    ...c,
    terminalNo: s.terminalNo,
    businessType: s.businessType,
    locale: s.locale,
    gateway: { ...c.gateway, url: s.gateway.url, barCodePath: s.gateway.barCodePath, queryPath: s.gateway.queryPath },
    backOffice: { ...c.backOffice, feedUrl: s.backOffice.feedUrl },
    printer: { ...c.printer, name: s.printer.name, paperWidthMm: s.printer.paperWidthMm },
    log: { ...c.log, level: s.log.level },
    updates: { ...c.updates, enabled: s.updates.enabled, url: s.updates.url },
    receipt: s.receipt ?? c.receipt,
  };
}
