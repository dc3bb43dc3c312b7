import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BillView } from '../../../app/contract/schemas.js';
import { PostingInputSchema } from './poster-journal.js';
import { shareOut, topUpAccounts } from './topup-accounts.js';

type Tender = BillView['tenders'][number];
const names = { barcode: '扫码支付', cash: '现金', 'stored-value': '储值卡' };
let at = 0;
const tender = (kind: Tender['kind'], amountFen: number, reference: string | null = null): Tender => ({
  kind,
  amountFen,
  tenderedFen: kind === 'cash' ? amountFen : null,
  changeFen: kind === 'cash' ? 0 : null,
  reference,
  createdAt: ++at,
});

describe('top-up accountInfos', () => {
  it('one cash tender: one cash account for the whole amount', () => {
    expect(topUpAccounts([tender('cash', 10_000)], 10_000, names)).toEqual([
      { accountName: '现金', amountFen: 10_000 },
    ]);
  });

  it('cash parts together; each barcode part on its own with its reference, in the order paid', () => {
    const got = topUpAccounts(
      [
        tender('cash', 2_000),
        tender('barcode', 3_000, 'KDLQ-A-00000001'),
        tender('cash', 3_000),
        tender('barcode', 4_000, 'KDLQ-B-00000002'),
      ],
      12_000,
      names,
    );
    expect(got).toEqual([
      { accountName: '现金', amountFen: 5_000 },
      { accountName: '扫码支付', amountFen: 3_000, gatewayRef: 'KDLQ-A-00000001' },
      { accountName: '扫码支付', amountFen: 4_000, gatewayRef: 'KDLQ-B-00000002' },
    ]);
  });

  it('a campus QR tender counts as cash; stored value has its own account', () => {
    expect(topUpAccounts([tender('stored-value', 1_000), tender('campus-qr', 500)], 1_500, names)).toEqual([
      { accountName: '储值卡', amountFen: 1_000 },
      { accountName: '现金', amountFen: 500 },
    ]);
  });

  it('tenders that do not add up to the top-up (the bill carried more, or less): shared out in proportion', () => {
    expect(topUpAccounts([tender('cash', 5_000), tender('barcode', 5_000, 'R1')], 5_001, names)).toEqual([
      { accountName: '现金', amountFen: 2_501 },
      { accountName: '扫码支付', amountFen: 2_500, gatewayRef: 'R1' },
    ]);
    expect(shareOut([1, 1, 1], 2)).toEqual([1, 1, 0]);
  });

  it('a reference longer than the journal keeps (100) keeps its end: the trade number is unchanged', () => {
    const ref = `${'X'.repeat(112)}00009876`;
    const [a] = topUpAccounts([tender('barcode', 100, ref)], 100, names);
    expect(a?.gatewayRef).toHaveLength(100);
    expect(a?.gatewayRef?.slice(-8)).toBe('00009876');
  });

  it('no tender at all (nothing was due): the cash account', () => {
    expect(topUpAccounts([], 100, names)).toEqual([{ accountName: '现金', amountFen: 100 }]);
  });

  it('more parts than the ERP takes accountInfos (20): one entry per account', () => {
    const parts = Array.from({ length: 25 }, (_, i) => tender('barcode', 100, `REF-${i}`));
    expect(topUpAccounts([tender('cash', 500), ...parts], 3_000, names)).toEqual([
      { accountName: '现金', amountFen: 500 },
      { accountName: '扫码支付', amountFen: 2_500 },
    ]);
  });

  it('always adds up to the top-up, positive amounts, at most 20 entries, and passes the journal schema', () => {
    const kinds = ['cash', 'barcode', 'stored-value', 'campus-qr'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), fen: fc.integer({ min: 1, max: 1_000_000_000 }) }), {
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 9_999_999_900 }),
        (ts, amountFen) => {
          const got = topUpAccounts(
            ts.map((x, i) => tender(x.kind, x.fen, x.kind === 'barcode' ? `R${i}` : null)),
            amountFen,
            names,
          );
          expect(got.reduce((s, a) => s + a.amountFen, 0)).toBe(amountFen);
          expect(got.every((a) => Number.isSafeInteger(a.amountFen) && a.amountFen > 0)).toBe(true);
          expect(got.length).toBeLessThanOrEqual(20);
          PostingInputSchema.parse({ billNo: 'B', kind: 'recharge', stuInfoId: 1, amountFen, accounts: got });
        },
      ),
      { numRuns: 300 },
    );
  });
});
