import { ITEM_CODE_MAX } from '../limits.js';
import { classifyScan, type ClassifiedScan } from './classify.js';
import { routeScan, type CounterMode, type RouteResult } from './route.js';

/**
 * Codes typed into the counter's entry field (`scan.submit` with source 'typed'): the core routes
 * them with the same table as scans (`routeScan`, app/scan/route.ts), with two differences a
 * keyboard brings:
 *  - the screen may be waiting for a payment code (请扫描付款码, `collecting`): the counter is
 *    then routed as awaiting payment, so only a payment code is acted on;
 *  - text with letters that is neither a payment nor a product code is an item code typed by
 *    hand (numeric in-house codes come by scan or search): it is added as a product.
 * What the entry field takes as an amount instead is declared here too (`isTypedAmount`), so the
 * screen and the core read typed text the same way.
 */

/** Text in the entry that can only be an amount (digits, point, ¥, spaces). */
export const AMOUNT_TEXT = /^[\d.,¥\s+-]+$/;

/**
 * Typed text the entry field takes as an amount (a quick sale, a free-amount line): amount-shaped
 * and no code (a payment or product code is digits too, and wins, as it does for a scan).
 */
export function isTypedAmount(text: string): boolean {
  return AMOUNT_TEXT.test(text) && classifyScan(text).category === 'unknown';
}

/** An item code typed by hand: printable ASCII, at most ITEM_CODE_MAX characters, not amount-like. */
export function isTypedItemCode(text: string): boolean {
  return !AMOUNT_TEXT.test(text) && /^[\x21-\x7e]+$/.test(text) && text.length <= ITEM_CODE_MAX;
}

/** Route a typed code in the counter's mode (pure). */
export function routeTyped(
  classified: Pick<ClassifiedScan, 'category' | 'matchesCardPattern' | 'text'>,
  mode: CounterMode,
  collecting: boolean,
): RouteResult {
  const atCounter = mode === 'idle' || mode === 'building';
  if (collecting && atCounter) return routeScan(classified, 'awaiting-payment');
  if (classified.category === 'unknown' && atCounter && isTypedItemCode(classified.text)) {
    return { action: 'add-product', beep: 'ok' };
  }
  return routeScan(classified, mode);
}
