/**
 * The terminal row (table `terminal`): which counter this ledger belongs to. Written by an
 * explicit step at start (createCore calls ensureTerminalNo), never as a side effect of
 * building a service.
 */
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import { assertTerminalNo } from './bill-number.js';

/**
 * Record `terminalNo` the first time (audit `terminal.set`), or the installer's change of it
 * (audit `terminal.renumbered`). Does nothing when it is already recorded.
 */
export function ensureTerminalNo(store: Store, terminalNo: string, now: () => number): void {
  assertTerminalNo(terminalNo);
  const { db } = store;
  store.tx(() => {
    const known = db.prepare('SELECT terminal_no FROM terminal WHERE id = 1').pluck().get() as string | undefined;
    if (known === undefined) {
      db.prepare('INSERT INTO terminal (id, terminal_no, created_at) VALUES (1, ?, ?)').run(terminalNo, now());
      audit(store, { action: 'terminal.set', subject: `terminal:${terminalNo}` });
    } else if (known !== terminalNo) {
      db.prepare('UPDATE terminal SET terminal_no = ? WHERE id = 1').run(terminalNo);
      audit(store, {
        action: 'terminal.renumbered',
        subject: `terminal:${terminalNo}`,
        detail: { from: known, to: terminalNo },
      });
    }
  });
}
