import type { ScanOutcome } from '../../../app/contract/core.js';
import { ERROR_CODES, type ErrorCode } from '../../../app/errors.js';
import { BAR_CODE_MAX } from '../../../app/limits.js';
import { KIND_CATEGORY, type ScanCategory } from '../../../app/scan/classify.js';
import { call, note, st } from './connection.js';
import { refreshCounterNow, scheduleRefresh } from './sync.js';

/**
 * A code typed into the counter's entry field goes to the core, which routes it exactly as it
 * routes a scan (`scan.submit` source 'typed'; app/scan/route-typed.ts) and acts on it (pay, add
 * the item). The screen only says what happened, in the words it always used.
 */

const categoryOf = (kind: string): ScanCategory => KIND_CATEGORY[kind as keyof typeof KIND_CATEGORY] ?? 'unknown';
const isErrorCode = (reason: string | null): reason is ErrorCode =>
  reason !== null && (ERROR_CODES as readonly string[]).includes(reason);

/**
 * Send a typed code; `collecting`: the screen waits for a payment code (请扫描付款码). Returns
 * whether the field is cleared, or null when the text is no code (the entry then reads an amount).
 */
export async function submitTypedCodeNow(text: string, collecting: boolean): Promise<boolean | null> {
  // Waiting for a payment code: nothing that long is one (the limit, named before sending).
  if (collecting && text.length > BAR_CODE_MAX) {
    note({ tone: 'error', kind: 'key', key: 'pay.codeTooLong', params: { n: text.length } });
    return false;
  }
  const outcome = await call('scan.submit', {
    text: text.slice(0, 4096),
    source: 'typed',
    ...(collecting ? { collecting: true } : {}),
  });
  if (!outcome) {
    // The core may have acted before the connection dropped: re-read the truth.
    scheduleRefresh();
    return false;
  }
  return showTypedOutcome(outcome, collecting);
}

async function showTypedOutcome(o: ScanOutcome, collecting: boolean): Promise<boolean | null> {
  const category = categoryOf(o.kind);
  if (o.action === 'pay' || o.action === 'add-product') {
    await refreshCounterNow();
    if (o.action === 'add-product') {
      st().setCollecting(false);
      st().selectLine(null);
    }
    note(null);
    return true;
  }
  if (o.action !== 'reject') return false;
  // Refused while acting: a code of app/errors.ts (item not found, the payment refused, …).
  if (isErrorCode(o.reason)) {
    const tone = o.reason === 'bill-empty' && category === 'payment-code' ? 'warn' : 'error';
    note({ tone, kind: 'error-code', code: o.reason });
    if (category === 'payment-code') scheduleRefresh();
    return false;
  }
  if (o.reason === 'payment-live') {
    note({ tone: 'warn', kind: 'error-code', code: 'payment-in-progress' });
    return false;
  }
  if (o.reason === 'locked') {
    note({ tone: 'error', kind: 'error-code', code: 'not-signed-in' });
    return false;
  }
  if (collecting) {
    // Waiting for a payment code: anything else is not one.
    note({ tone: 'warn', kind: 'key', key: category === 'product' ? 'pay.productWhileCollecting' : 'pay.notACode' });
    return false;
  }
  if (category === 'payment-code') {
    note({ tone: 'warn', kind: 'key', key: 'pay.noBill' });
    return false;
  }
  return null;
}
