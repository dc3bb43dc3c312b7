/**
 * View mapping: a payment_attempts row → the screen's progress view (`AttemptViewSchema`), with
 * the code masked and the outcome text the counter shows (app/payment/messages.ts).
 */
import type { AttemptView } from '../../app/contract/schemas.js';
import { maskBarCode } from '../../app/payment/gateway-schema.js';
import { describePaymentOutcome } from '../../app/payment/messages.js';
import type { AttemptRow } from './attempt-repo.js';

export function toAttemptView(row: AttemptRow, now: number): AttemptView {
  const outcome = describePaymentOutcome({
    state: row.state,
    reason: row.state_reason,
    errcode: row.last_errcode,
    errmsg: row.last_message,
    paystatus: row.last_paystatus,
    amountFen: row.amount_fen,
    qr: Boolean(row.pay_type_code),
  });
  return {
    id: row.id,
    billId: row.bill_id,
    billNo: row.bill_no,
    attemptNo: row.attempt_no,
    gatewayBillNum: row.gateway_bill_num,
    state: row.state,
    stateReason: row.state_reason,
    amountFen: row.amount_fen,
    barCodeMasked: row.pay_type_code ? '' : maskBarCode(row.bar_code),
    lastPaystatus: row.last_paystatus,
    lastMessage: row.last_message,
    queryCount: row.query_count,
    createdAt: row.created_at,
    deadlineAt: row.deadline_at,
    finalAt: row.final_at,
    now,
    outcome,
    payTypeCode: row.pay_type_code ?? null,
    // The QR is shown only while the payer can still pay it.
    qrContent: row.pay_type_code && (row.state === 'awaiting-payer' || row.state === 'sent') ? row.qr_content : null,
  };
}
