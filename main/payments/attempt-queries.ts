/**
 * Read-only look-ups on payment_attempts for other modules (the bill service): which bill an
 * attempt belongs to, and the billNum it was sent to the gateway under. payment_attempts
 * belongs to main/payments; nothing outside it reads the table by its own SQL.
 */
import { maskBarCode } from '../../app/payment/gateway-schema.js';
import type { AttemptState } from '../../app/contract/schemas.js';
import { walletOfCode, type Wallet } from '../../app/scan/classify.js';
import type { Store } from '../store/db.js';

export interface AttemptQueries {
  /** The bill of attempt `attemptId`, or undefined when there is no such attempt. */
  billOf(attemptId: number): number | undefined;
  /** The gateway billNum of attempt `attemptId`, or null. */
  gatewayBillNum(attemptId: number): string | null;
  /** Attempts of a bill, oldest first, the payment code masked (the bill history). */
  attemptsOf(billId: number): BillAttemptRow[];
  /** Bills (ids) an attempt was made for with a payment code ending in `tail` (≥ 4 digits; index payment_attempts_code_tail). */
  billsByCodeTail(tail: string, limit: number): number[];
  /** The wallet attempt `attemptId` was paid with: from its payment code, or its QR pay type; null when unknown. */
  walletOf(attemptId: number): Wallet | null;
}

/** QR pay types that name one wallet (dynamicPay lets the payer choose: unknown). */
const QR_WALLET: Readonly<Record<string, Wallet>> = {
  wxPubQR: 'wechat',
  alipayQR: 'alipay',
  unionpayDynamic: 'unionpay',
};

export interface BillAttemptRow {
  attemptNo: number;
  gatewayBillNum: string;
  state: AttemptState;
  stateReason: string | null;
  amountFen: number;
  barCodeMasked: string;
  lastPaystatus: string | null;
  lastErrcode: number | null;
  lastMessage: string | null;
  queryCount: number;
  createdAt: number;
  finalAt: number | null;
}

/** The SQL of billsByCodeTail, for the query-plan test. */
export const CODE_TAIL_SQL =
  "SELECT DISTINCT bill_id FROM payment_attempts WHERE substr(bar_code, -4) = substr(?, -4) AND bar_code LIKE '%' || ? ORDER BY bill_id DESC LIMIT ?";

export function createAttemptQueries(store: Store): AttemptQueries {
  const bill = store.db.prepare('SELECT bill_id FROM payment_attempts WHERE id = ?').pluck();
  const billNum = store.db.prepare('SELECT gateway_bill_num FROM payment_attempts WHERE id = ?').pluck();
  const attempts = store.db.prepare(
    `SELECT attempt_no AS attemptNo, gateway_bill_num AS gatewayBillNum, state, state_reason AS stateReason,
            amount_fen AS amountFen, bar_code AS barCode, last_paystatus AS lastPaystatus, last_errcode AS lastErrcode,
            last_message AS lastMessage, query_count AS queryCount, created_at AS createdAt, final_at AS finalAt
       FROM payment_attempts WHERE bill_id = ? ORDER BY attempt_no`,
  );
  const byTail = store.db.prepare(CODE_TAIL_SQL).pluck();
  const codeOf = store.db.prepare(
    'SELECT bar_code AS barCode, pay_type_code AS payType FROM payment_attempts WHERE id = ?',
  );
  return {
    attemptsOf: (billId) =>
      (attempts.all(billId) as (Omit<BillAttemptRow, 'barCodeMasked'> & { barCode: string })[]).map(
        ({ barCode, ...a }) => ({ ...a, barCodeMasked: maskBarCode(barCode) }),
      ),
    billsByCodeTail: (tail, limit) => (/^\d{4,}$/.test(tail) ? (byTail.all(tail, tail, limit) as number[]) : []),
    billOf: (attemptId) => bill.get(attemptId) as number | undefined,
    gatewayBillNum: (attemptId) => (billNum.get(attemptId) as string | undefined) ?? null,
    walletOf: (attemptId) => {
      const r = codeOf.get(attemptId) as { barCode: string; payType: string | null } | undefined;
      if (!r) return null;
      return r.payType !== null ? (QR_WALLET[r.payType] ?? null) : walletOfCode(r.barCode);
    },
  };
}
