/**
 * The accountInfos of a top-up bill's RechargeAccountTran (docs/ARCHITECTURE.md §8.2, §6.6):
 * one per tender part — each barcode part on its own (its gateway reference's last 8 characters
 * become simplePaymentMethodTradeNo), the cash parts (and a tender kind without an account of its
 * own, which counts as cash) and the stored-value parts each together under their account — in
 * the order they were paid, adding up to the top-up amount. Pure.
 */
import type { BillView } from '../../../app/contract/schemas.js';
import type { Config } from '../../config.js';
import { MAX_POSTING_ACCOUNTS, type PostingAccount } from './poster-journal.js';

type Tender = BillView['tenders'][number];
type AccountNames = Config['backOffices']['xiaobao']['accounts'];

/**
 * Split `amountFen` over `parts` in proportion to their amounts (largest remainder; ties go to the
 * earlier part). Parts that add up to the amount are kept as they are.
 */
export function shareOut(parts: readonly number[], amountFen: number): number[] {
  const total = parts.reduce((s, p) => s + p, 0);
  if (total === amountFen || total <= 0) return [...parts];
  // BigInt: part × amount may pass 2^53 fen.
  const exact = parts.map((p) => {
    const n = BigInt(p) * BigInt(amountFen);
    return { q: Number(n / BigInt(total)), r: Number(n % BigInt(total)) };
  });
  const out = exact.map((e) => e.q);
  let rest = amountFen - out.reduce((s, q) => s + q, 0);
  const order = exact.map((e, i) => ({ r: e.r, i })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; rest > 0 && order.length > 0; k = (k + 1) % order.length, rest--) out[order[k]!.i]! += 1;
  return out;
}

/** Same-account entries without a gateway reference are kept together, where the first was. */
function merge(entries: PostingAccount[], keepRefs: boolean): PostingAccount[] {
  const out: PostingAccount[] = [];
  for (const e of entries) {
    if (keepRefs && e.gatewayRef) {
      out.push({ ...e });
      continue;
    }
    const same = out.find((o) => o.accountName === e.accountName && !(keepRefs && o.gatewayRef));
    if (same) same.amountFen += e.amountFen;
    else out.push({ accountName: e.accountName, amountFen: e.amountFen });
  }
  return out;
}

export function topUpAccounts(tenders: readonly Tender[], amountFen: number, names: AccountNames): PostingAccount[] {
  const parts = tenders.filter((t) => t.amountFen > 0);
  if (parts.length === 0) return [{ accountName: names.cash, amountFen }];
  const shares = shareOut(
    parts.map((t) => t.amountFen),
    amountFen,
  );
  const entries: PostingAccount[] = [];
  parts.forEach((t, i) => {
    const fen = shares[i]!;
    if (fen <= 0) return;
    if (t.kind === 'barcode')
      // The journal keeps at most 100 characters of a reference; only its last 8 are sent.
      entries.push({
        accountName: names.barcode,
        amountFen: fen,
        ...(t.reference ? { gatewayRef: t.reference.slice(-100) } : {}),
      });
    else entries.push({ accountName: t.kind === 'stored-value' ? names['stored-value'] : names.cash, amountFen: fen });
  });
  const merged = merge(entries, true);
  // More barcode parts than the ERP takes accountInfos: one entry per account (no trade numbers).
  return merged.length <= MAX_POSTING_ACCOUNTS ? merged : merge(entries, false);
}
