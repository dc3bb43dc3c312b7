import { describe, expect, it } from 'vitest';
import type { PaymentEngine } from '../payments/types.js';
import { createQrPayHandlers } from './qr-pay.js';

describe('split payment: a QR takes the part chosen with Ctrl+G, like a scan', () => {
  it('passes the chosen part to collectQr and marks it used', async () => {
    const started: Parameters<PaymentEngine['collectQr']>[0][] = [];
    let part: number | null = 2000;
    const h = createQrPayHandlers({
      bills: { get: () => ({ id: 5, operatorNo: '1001', cardNo: null }) as never },
      payments: {
        collectQr: (input) => {
          started.push(input);
          return {} as never;
        },
      },
      defaultQrPayType: () => 'dynamicPay',
      counter: { nextPart: () => part, partUsed: () => void (part = null) },
    });
    const collectQr = h['payment.collectQr'] as (input: { billId: number }, ctx: never) => unknown;
    await collectQr({ billId: 5 }, {} as never);
    await collectQr({ billId: 5 }, {} as never);
    expect(started.map((s) => s.amountFen)).toEqual([2000, null]);
  });
});
