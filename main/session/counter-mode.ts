import type { BillView } from '../../app/contract/schemas.js';
import type { CounterMode } from '../../app/scan/route.js';

/**
 * The counter mode a scan is routed in (app/scan/route.ts), derived from the truth in the
 * core — never from what a page claims:
 *
 *   nobody signed in, or the screen locked          → locked
 *   the bill has a live payment attempt             → payment-live
 *   no bill at the counter                          → idle
 *   a recharge bill without its card number         → recharge-card
 *   an open bill with nothing to pay yet            → building
 *   an open bill with an amount due                 → building (a payment code pays, a product adds)
 */
export function deriveCounterMode(input: {
  signedIn: boolean;
  locked: boolean;
  bill: Pick<BillView, 'kind' | 'status' | 'cardNo'> | null;
  attemptLive: boolean;
  pairing?: boolean;
}): CounterMode {
  if (input.pairing) return 'pairing';
  if (!input.signedIn || input.locked) return 'locked';
  const { bill } = input;
  if (input.attemptLive || bill?.status === 'locked') return 'payment-live';
  if (!bill || bill.status !== 'open') return 'idle';
  if (bill.kind === 'recharge' && !bill.cardNo) return 'recharge-card';
  return 'building';
}
