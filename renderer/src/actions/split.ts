import { formatYuan } from '../../../app/money.js';
import { splitNotice } from '../split/texts.js';
import { selectPartlyPaid, selectPhase } from '../store/index.js';
import { parseAmount } from './amount.js';
import { call, note, serial, st } from './connection.js';

/**
 * Split payment (docs/ARCHITECTURE.md §6.6): Ctrl+G chooses the amount of the next barcode part;
 * the core keeps it (`payment.setPart`), so a scan from any scanner uses it.
 */

/** Ctrl+G: the part dialog, when the bill on the counter can take a part. */
export function openPartDialog(): void {
  const s = st();
  const phase = selectPhase(s);
  if (!s.bill || !['collect', 'declined', 'building'].includes(phase) || s.bill.dueFen <= 0) {
    note(
      phase === 'paying' ? { tone: 'warn', kind: 'key', key: 'pay.liveNoScan' } : splitNotice('warn', 'part.notNow'),
    );
    return;
  }
  s.openDialog({ kind: 'part' });
}

/** Set (or, with empty text, clear) the next part's amount. */
async function setPartNow(text: string): Promise<boolean> {
  const { bill } = st();
  if (!bill || bill.status !== 'open' || bill.dueFen <= 0) return false;
  let amountFen: number | null = null;
  if (text.trim() !== '') {
    const parsed = parseAmount(text);
    if ('notice' in parsed) {
      note(parsed.notice);
      return false;
    }
    if (parsed.fen > bill.dueFen) {
      note(splitNotice('error', 'part.tooMuch', { due: formatYuan(bill.dueFen) }));
      return false;
    }
    amountFen = parsed.fen === bill.dueFen ? null : parsed.fen;
  }
  const state = await call('payment.setPart', { billId: bill.id, amountFen });
  if (!state) return false;
  st().setNextPart(state.nextPartFen ?? null);
  st().setCollecting(true);
  st().openDialog(null);
  note(
    state.nextPartFen
      ? splitNotice('info', 'part.set', { amount: formatYuan(state.nextPartFen) })
      : splitNotice('info', 'part.cleared'),
  );
  return true;
}

/** F7 / F3 / Esc on a partly paid bill: say why not, and what to do instead. */
export function refusePartlyPaid(): boolean {
  if (!selectPartlyPaid(st())) return false;
  note({ tone: 'warn', kind: 'error-code', code: 'bill-partly-paid' });
  return true;
}

export const setPart = serial(setPartNow);
