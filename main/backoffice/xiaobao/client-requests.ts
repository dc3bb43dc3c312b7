/** Building and checking the Xiaobao client's requests (pure). */
import { formatXbDateTime } from './dates.js';
import { checkAmountFen, MoneyError, Yuan } from './money.js';
import { XiaobaoError, type AccountTranInput } from './client-types.js';

/** A time window no longer than its limit (`limitEnd`), the field names in the error. */
export function checkSpan(
  endpoint: string,
  from: number,
  to: number,
  fieldFrom: string,
  fieldTo: string,
  limitEnd: number,
  limit: string,
): void {
  if (to < from)
    throw new XiaobaoError('invalid-request', endpoint, `${fieldTo} is before ${fieldFrom}`, {
      field: fieldTo,
      limit: `≥ ${fieldFrom}`,
    });
  if (to > limitEnd) {
    throw new XiaobaoError('invalid-request', endpoint, `${fieldFrom}–${fieldTo} spans more than ${limit}`, {
      field: fieldTo,
      limit,
    });
  }
}

/** The body of RechargeAccountTran / RefundAccountTran, amounts checked (fen → yuan). */
export function accountTranBody(
  endpoint: string,
  amountField: 'rechargeAmount' | 'refundAmount',
  input: AccountTranInput,
): Record<string, unknown> {
  const money = (fen: number, field: string) => {
    try {
      checkAmountFen(fen, field);
    } catch (e) {
      if (e instanceof MoneyError)
        throw new XiaobaoError('invalid-request', endpoint, e.message, { field, limit: '0.01–99999999 yuan' });
      throw e;
    }
    return Yuan.fromFen(fen, field);
  };
  const total = input.accounts.reduce((s, a) => s + a.amountFen, 0);
  if (input.accounts.length > 0 && total !== input.amountFen) {
    throw new XiaobaoError(
      'invalid-request',
      endpoint,
      `accountInfos amounts add up to ${total} fen, ${amountField} is ${input.amountFen} fen`,
      {
        field: 'accountInfos',
        limit: `sum = ${amountField}`,
      },
    );
  }
  return {
    stuInfoId: input.stuInfoId,
    [amountField]: money(input.amountFen, amountField),
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    ...(input.commentOuter !== undefined ? { commentOuter: input.commentOuter } : {}),
    ...(input.schoolId !== undefined ? { schoolId: input.schoolId } : {}),
    ...(input.sellerId !== undefined ? { sellerId: input.sellerId } : {}),
    ...(input.operatorId !== undefined ? { operatorId: input.operatorId } : {}),
    ...(input.dealDate !== undefined ? { dealDate: formatXbDateTime(input.dealDate) } : {}),
    accountInfos: input.accounts.map((a, i) => ({
      accountName: a.accountName,
      amount: money(a.amountFen, `accountInfos.${i}.amount`),
      ...(a.comment !== undefined ? { comment: a.comment } : {}),
      ...(a.oppositeAccount !== undefined ? { oppositeAccount: a.oppositeAccount } : {}),
      orderNumber: a.orderNumber,
      ...(a.simplePaymentMethodTradeNo !== undefined
        ? { simplePaymentMethodTradeNo: a.simplePaymentMethodTradeNo }
        : {}),
    })),
    ...(input.tags !== undefined ? { tags: input.tags } : {}),
  };
}

/** The order id a write answers with (a number, or digits). */
export function toOrderId(endpoint: string, data: number | string): number {
  const n = typeof data === 'number' ? data : Number(data);
  if (!Number.isSafeInteger(n))
    throw new XiaobaoError('bad-reply', endpoint, `data is not an order id (${String(data)})`, {
      field: 'data',
      outcomeUnknown: true,
    });
  return n;
}
