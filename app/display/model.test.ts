import { describe, expect, it } from 'vitest';
import type { AttemptView, BillView } from '../contract/schemas.js';
import { buildDisplayView, displayAttemptOf, type DisplayAttempt } from './model.js';
import { DISPLAY_MAX_LINES, DisplayViewSchema } from './view.js';

const slides = { names: ['a.png', 'b.jpg'], intervalMs: 8000 };

function bill(over: Partial<BillView> = {}): BillView {
  return {
    id: 7,
    billNo: 'T01-20261204-0007',
    kind: 'sale',
    businessType: 1,
    status: 'open',
    totalFen: 12000,
    dueFen: 12000,
    cardNo: '88001234567',
    lines: [
      {
        lineNo: 1,
        itemCode: '6901234567892',
        name: '成人票',
        unitPriceFen: 8000,
        quantity: 1,
        amountFen: 8000,
        voided: false,
      },
      {
        lineNo: 2,
        itemCode: '6901234567809',
        name: '儿童票',
        unitPriceFen: 4000,
        quantity: 1,
        amountFen: 4000,
        voided: false,
      },
      { lineNo: 3, itemCode: 'X', name: '作废的行', unitPriceFen: 100, quantity: 1, amountFen: 100, voided: true },
    ],
    tenders: [],
    operatorNo: '1001',
    shiftId: 3,
    suspendedLabel: null,
    createdAt: 1,
    updatedAt: 2,
    closedAt: null,
    ...over,
  };
}

function attempt(over: Partial<AttemptView> & { qr?: DisplayAttempt['qr'] } = {}): AttemptView & {
  qr?: DisplayAttempt['qr'];
} {
  return {
    id: 1,
    billId: 7,
    billNo: 'T01-20261204-0007',
    attemptNo: 1,
    gatewayBillNum: 'T0120261204000701',
    state: 'sent',
    stateReason: null,
    amountFen: 12000,
    barCodeMasked: '1310******0011',
    lastPaystatus: null,
    lastMessage: 'USERPAYING 需要用户输入支付密码',
    queryCount: 0,
    createdAt: 1,
    deadlineAt: 60_001,
    finalAt: null,
    now: 2,
    outcome: null,
    ...over,
  };
}

const view = (b: BillView | null, a: ReturnType<typeof attempt> | null = null) =>
  DisplayViewSchema.parse({ rev: 1, ...buildDisplayView({ bill: b, attempt: a, slides, locale: 'zh-CN' }) });

describe('buildDisplayView: what the payer sees per phase', () => {
  it('idle without a bill, with an empty bill, and after a park or a cancel: the slideshow', () => {
    expect(view(null)).toMatchObject({ phase: 'idle', lines: [], dueFen: 0, slides });
    expect(view(bill({ lines: [], totalFen: 0, dueFen: 0 })).phase).toBe('idle');
    expect(view(bill({ status: 'suspended' })).phase).toBe('idle');
    expect(view(bill({ status: 'voided' })).phase).toBe('idle');
  });

  it('due: the live lines and the amount (voided lines are not shown), 请出示付款码', () => {
    const v = view(bill());
    expect(v.phase).toBe('due');
    expect(v.lines).toEqual([
      { name: '成人票', quantity: 1, amountFen: 8000 },
      { name: '儿童票', quantity: 1, amountFen: 4000 },
    ]);
    expect(v.dueFen).toBe(12000);
    expect(v.totalFen).toBe(12000);
  });

  it('paying while the attempt is live; its QR when one is used', () => {
    for (const state of ['created', 'sent', 'awaiting-payer'] as const) {
      expect(view(bill({ status: 'locked' }), attempt({ state })).phase).toBe('paying');
    }
    expect(view(bill({ status: 'locked' }), attempt()).qr).toBeNull();
    const qr = { content: 'https://qr.example/pay/abc', payTypeCode: 'wxPubQR' };
    expect(view(bill({ status: 'locked' }), attempt({ qr })).qr).toEqual(qr);
  });

  it('checking (never failed) while the result is unknown', () => {
    expect(view(bill({ status: 'unconfirmed' }), attempt({ state: 'unconfirmed' })).phase).toBe('checking');
    expect(view(bill({ status: 'locked' }), attempt({ state: 'unconfirmed' })).phase).toBe('checking');
  });

  it('paid: 支付成功 with what was paid, and the change of a cash sale', () => {
    const tender = {
      kind: 'barcode' as const,
      amountFen: 12000,
      tenderedFen: null,
      changeFen: null,
      reference: 'x',
      createdAt: 3,
    };
    const v = view(bill({ status: 'paid', dueFen: 0, tenders: [tender] }), attempt({ state: 'paid' }));
    expect(v).toMatchObject({ phase: 'paid', paidFen: 12000, dueFen: 0, changeFen: null });
    const cash = {
      kind: 'cash' as const,
      amountFen: 12000,
      tenderedFen: 15000,
      changeFen: 3000,
      reference: null,
      createdAt: 3,
    };
    expect(view(bill({ status: 'paid', dueFen: 0, tenders: [cash] }))).toMatchObject({
      phase: 'paid',
      changeFen: 3000,
    });
  });

  it("split payment: a paid part is not 支付成功 while money is still due; the change is the closing tender's", () => {
    const part = {
      kind: 'cash' as const,
      amountFen: 5000,
      tenderedFen: 5000,
      changeFen: 0,
      reference: null,
      createdAt: 1,
    };
    const barcode = {
      kind: 'barcode' as const,
      amountFen: 2000,
      tenderedFen: null,
      changeFen: null,
      reference: 'g',
      createdAt: 2,
    };
    const partly = view(
      bill({ status: 'open', totalFen: 8000, dueFen: 1000, tenders: [part, barcode] }),
      attempt({ state: 'paid', amountFen: 2000 }),
    );
    expect(partly).toMatchObject({ phase: 'due', dueFen: 1000, paidFen: 7000 });
    const last = {
      kind: 'cash' as const,
      amountFen: 1000,
      tenderedFen: 5000,
      changeFen: 4000,
      reference: null,
      createdAt: 3,
    };
    expect(view(bill({ status: 'paid', totalFen: 8000, dueFen: 0, tenders: [part, barcode, last] }))).toMatchObject({
      phase: 'paid',
      paidFen: 8000,
      changeFen: 4000,
    });
  });

  it('failed with a short reason, never a gateway code', () => {
    const declined = attempt({
      state: 'declined',
      stateReason: 'NOTENOUGH',
      outcome: { zh: '余额不足', en: 'Insufficient balance', next: 'rescan' },
    });
    const v = view(bill(), declined);
    expect(v).toMatchObject({ phase: 'failed', failure: 'declined' });
    expect(JSON.stringify(v)).not.toContain('NOTENOUGH');
    expect(view(bill(), attempt({ state: 'declined', outcome: { zh: '', en: '', next: 'check-phone' } })).failure).toBe(
      'check-phone',
    );
    expect(view(bill(), attempt({ state: 'cancelled' })).failure).toBe('cancelled');
    expect(view(bill(), attempt({ state: 'declined', stateReason: 'qr-expired' })).failure).toBe('expired');
  });

  it('a new scan after a decline shows paying again', () => {
    expect(view(bill({ status: 'locked' }), attempt({ attemptNo: 2, state: 'sent' })).phase).toBe('paying');
  });

  it('nothing private leaks: no operator, bill number, card, payment code or gateway message', () => {
    const a = attempt({ state: 'awaiting-payer' });
    const json = JSON.stringify(view(bill({ status: 'locked' }), a));
    for (const secret of [
      '1001',
      'T01-20261204-0007',
      '88001234567',
      '1310',
      'USERPAYING',
      'T0120261204000701',
      '6901234567892',
    ]) {
      expect(json).not.toContain(secret);
    }
    // The schema itself refuses anything else (strict).
    expect(DisplayViewSchema.safeParse({ ...view(null), operatorNo: '1001' }).success).toBe(false);
  });

  it('a long bill sends only its last lines and counts the rest', () => {
    const lines = Array.from({ length: DISPLAY_MAX_LINES + 5 }, (_, i) => ({
      lineNo: i + 1,
      itemCode: null,
      name: `商品${i + 1}`,
      unitPriceFen: 100,
      quantity: 1,
      amountFen: 100,
      voided: false,
    }));
    const v = view(bill({ lines }));
    expect(v.lines).toHaveLength(DISPLAY_MAX_LINES);
    expect(v.moreLines).toBe(5);
    expect(v.lines.at(-1)?.name).toBe(`商品${DISPLAY_MAX_LINES + 5}`);
  });
});

describe('displayAttemptOf', () => {
  it('carries the QR the engine issued, and nothing of a barcode attempt', () => {
    const { qr: _ignored, ...plain } = attempt();
    expect(displayAttemptOf(plain).qr).toBeNull();
    const shown = displayAttemptOf({
      ...plain,
      state: 'awaiting-payer',
      payTypeCode: 'alipayQR',
      qrContent: 'https://qr.example/x',
    });
    expect(shown).toEqual({
      state: 'awaiting-payer',
      stateReason: null,
      amountFen: 12000,
      outcome: plain.outcome,
      qr: { content: 'https://qr.example/x', payTypeCode: 'alipayQR' },
    });
    // The engine clears qrContent once the payer can no longer pay it.
    expect(displayAttemptOf({ ...plain, state: 'paid', payTypeCode: 'alipayQR', qrContent: null }).qr).toBeNull();
    expect(JSON.stringify(displayAttemptOf(plain))).not.toContain('1310');
  });
});
