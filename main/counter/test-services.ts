/** Test support: the services the counter needs, on a temp ledger. */
import { createSessionService } from '../session/session-service.js';
import { createTerminalSettings } from '../session/terminal-settings.js';
import { createOperatorService } from '../store/operators.js';
import { createSettings } from '../store/settings.js';
import { createShiftService } from '../store/shifts.js';
import type { TempStore } from '../store/test-helpers.js';

/** Cheap scrypt parameters for PINs in tests. */
export const CHEAP_SCRYPT = { N: 1024, r: 8, p: 1, keyLength: 32 };

/** Cashier 1001 (PIN 1234), shifts, terminal settings (business type 1) and sessions on `ts`. */
export async function counterServices(ts: TempStore) {
  const now = () => ts.clock.t;
  const { store } = ts;
  const operators = createOperatorService({ store, now, scrypt: CHEAP_SCRYPT });
  await operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
  const shifts = createShiftService({ store, now });
  const settings = createTerminalSettings({ settings: createSettings({ store, now }), defaults: { businessType: 1 } });
  const sessions = createSessionService({ operators, shifts, settings, now });
  return { store, now, operators, shifts, settings, sessions };
}
