import { BILL_NO_PATTERN } from '../contract/history.js';
import type { ErrorCode } from '../errors.js';
import type { ClassifiedScan } from './classify.js';

/**
 * Decide what a classified scan means in the counter's current mode (pure).
 *
 * | mode             | payment code | product      | card          | unknown       |
 * |------------------|--------------|--------------|---------------|---------------|
 * | idle             | misplaced    | add-product  | misplaced     | unrecognised† |
 * | building         | pay          | add-product  | misplaced     | unrecognised† |
 * | awaiting-payment | pay          | misplaced    | misplaced     | unrecognised  |
 * | payment-live     | payment-live | payment-live | payment-live  | payment-live  |
 * | recharge-card    | misplaced    | misplaced    | set-card (*)  | unrecognised  |
 * | pairing          | pair         | pair         | pair          | pair          |
 * | locked           | locked       | locked       | locked        | locked        |
 *
 * (*) in recharge-card mode any text the card pattern accepts is a card, even when it also
 *     looks like a product or payment code (`matchesCardPattern`).
 *
 * (†) a bill number as printed on a receipt (its Code 128 barcode, app/contract/history.ts
 *     BILL_NO_PATTERN) is 'open-bill' when the counter is idle or building: the screen opens
 *     that bill in 单据查询 (the history dialog, or the supervisor screen's 单据 tab when it is
 *     open). It never touches the bill being built, and is refused in every other mode.
 *
 * payment-live: a payment attempt is in flight, so the bill is locked. A second payment code is
 * NEVER a second attempt (the double-charge incident, docs/ARCHITECTURE.md §6.3 rule 2), whatever it is.
 */

export const COUNTER_MODES = [
  'idle',
  'building',
  'awaiting-payment',
  'payment-live',
  'recharge-card',
  'pairing',
  'locked',
] as const;
export type CounterMode = (typeof COUNTER_MODES)[number];

export const SCAN_ACTIONS = ['pay', 'add-product', 'set-card', 'pair', 'open-bill', 'reject'] as const;
export type ScanAction = (typeof SCAN_ACTIONS)[number];

export const REJECT_REASONS = ['payment-live', 'unrecognised', 'misplaced', 'locked'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type Beep = 'ok' | 'error';

export interface LocalisedText {
  zh: string;
  en: string;
}

export interface RouteResult {
  action: ScanAction;
  reason?: RejectReason;
  beep: Beep;
  /** For rejects: the closed error code the renderer maps to text (app/errors.ts). */
  errorCode?: ErrorCode;
  /** For rejects: a specific cashier-facing message (zh-CN first, English available). */
  message?: LocalisedText;
}

/** One message per reject reason (the generic form; `routeScan` may give a more specific one). */
export const REJECT_MESSAGES: Readonly<Record<RejectReason, LocalisedText>> = {
  'payment-live': {
    zh: '正在收款中，账单已锁定，请等待本次支付结果，不要重复扫码',
    en: 'A payment is in progress and the bill is locked. Wait for the result; do not scan again.',
  },
  unrecognised: {
    zh: '无法识别的条码，请重新扫描',
    en: 'Unrecognised barcode. Please scan again.',
  },
  misplaced: {
    zh: '此条码不能在当前界面使用',
    en: 'This barcode cannot be used on this screen.',
  },
  locked: {
    zh: '收银台已锁定，请先登录',
    en: 'The counter is locked. Please sign in first.',
  },
};

/** Specific messages for misplaced scans, by situation. */
export const MISPLACED_MESSAGES = {
  'payment-without-bill': {
    zh: '当前没有待收款的账单，请先添加商品再扫付款码',
    en: 'There is no bill to collect. Add items before scanning a payment code.',
  },
  'product-while-awaiting-payment': {
    zh: '正在等待顾客付款码，如需加商品请先返回账单',
    en: 'Waiting for the customer’s payment code. To add items, go back to the bill first.',
  },
  'card-outside-recharge': {
    zh: '这是储值卡号，请在“储值卡充值”中扫描',
    en: 'This is a stored-value card. Scan it in “Card recharge”.',
  },
  'not-a-card': {
    zh: '请先扫描储值卡号（不是付款码或商品码）',
    en: 'Scan the stored-value card number first (not a payment or product code).',
  },
} as const satisfies Record<string, LocalisedText>;

export type MisplacedSituation = keyof typeof MISPLACED_MESSAGES;

export const REJECT_ERROR_CODES: Readonly<Record<RejectReason, ErrorCode>> = {
  'payment-live': 'bill-locked',
  unrecognised: 'scan-unrecognised',
  misplaced: 'scan-misplaced',
  locked: 'not-signed-in',
};

function reject(reason: RejectReason, message: LocalisedText = REJECT_MESSAGES[reason]): RouteResult {
  return { action: 'reject', reason, beep: 'error', errorCode: REJECT_ERROR_CODES[reason], message };
}

function misplaced(situation: MisplacedSituation): RouteResult {
  return reject('misplaced', MISPLACED_MESSAGES[situation]);
}

const OK = (action: Exclude<ScanAction, 'reject'>): RouteResult => ({ action, beep: 'ok' });

export function routeScan(
  classified: Pick<ClassifiedScan, 'category' | 'matchesCardPattern'> & { text?: string },
  counterMode: CounterMode,
): RouteResult {
  const { category } = classified;
  const billNo = category === 'unknown' && classified.text !== undefined && BILL_NO_PATTERN.test(classified.text);
  switch (counterMode) {
    case 'locked':
      return reject('locked');
    case 'payment-live':
      return reject('payment-live');
    case 'pairing':
      // The core checks the text against the pairing code it showed and records the device.
      return OK('pair');
    case 'recharge-card':
      if (category === 'card' || classified.matchesCardPattern) return OK('set-card');
      if (category === 'unknown') return reject('unrecognised');
      return misplaced('not-a-card');
    case 'awaiting-payment':
      if (category === 'payment-code') return OK('pay');
      if (category === 'product') return misplaced('product-while-awaiting-payment');
      if (category === 'card') return misplaced('card-outside-recharge');
      return reject('unrecognised');
    case 'building':
      if (category === 'payment-code') return OK('pay');
      if (category === 'product') return OK('add-product');
      if (category === 'card') return misplaced('card-outside-recharge');
      if (billNo) return OK('open-bill');
      return reject('unrecognised');
    case 'idle':
      if (category === 'product') return OK('add-product');
      if (category === 'payment-code') return misplaced('payment-without-bill');
      if (category === 'card') return misplaced('card-outside-recharge');
      if (billNo) return OK('open-bill');
      return reject('unrecognised');
    default: {
      // An unknown mode (a newer core, a corrupted value) must never collect money.
      const never: never = counterMode;
      void never;
      return reject('unrecognised');
    }
  }
}
