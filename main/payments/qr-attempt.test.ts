import { afterEach, describe, expect, it } from 'vitest';
import { AttemptViewSchema } from '../../app/contract/schemas.js';
import { AppError } from '../../app/result.js';
import { sandboxCode } from '../sandbox/scenarios.js';
import { createRig, type Rig } from './test-harness.js';

/**
 * QR attempts (KouDaiLQ ScanCode): the payer scans the counter's QR. The sandbox picks what a QR
 * does by the amount's last two fen digits (main/sandbox/scan-code.ts): .97 paid after 5 s,
 * .98 expired after 10 s, anything else waits for the payer (never paid until payQr).
 */
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.cleanup();
  rig = null;
});

function attemptErrorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return undefined;
}

describe('QR attempts: the ScanCode send step', () => {
  it('paid after N s: write-ahead, one ScanCode, the QR in the view, confirmed by the Query loop', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1997);
    const v = r.engine.collectQr({ billId: bill.id, payTypeCode: 'wxPubQR', operatorNo: '1001' });
    expect(v.state).toBe('sent');
    expect(v.payTypeCode).toBe('wxPubQR');
    expect(v.barCodeMasked).toBe('');
    expect(r.bills.get(bill.id)!.status).toBe('locked');
    expect(r.engine.history(v.id).map((e) => e.kind)).toEqual(['created', 'request-sent']);

    await r.until(() => r.view(v.id).state === 'awaiting-payer');
    const shown = r.view(v.id);
    expect(shown.qrContent).toMatch(/^weixin:\/\/wxpay\//);
    expect(shown.stateReason).toBe('qr-shown');
    expect(shown.outcome?.zh).toContain('扫描二维码');
    expect(r.progress.some((p) => p.qrContent === shown.qrContent)).toBe(true);
    // Queries answer USERPAYING meanwhile: the screen still asks the payer to scan, not to type a password.
    await r.run(3_000);
    expect(r.view(v.id).queryCount).toBeGreaterThan(0);
    expect(r.view(v.id).outcome?.zh).toContain('扫描二维码');

    await r.until(() => r.view(v.id).state === 'paid');
    const done = r.view(v.id);
    expect(done.finalAt! - v.createdAt).toBeGreaterThanOrEqual(5_000);
    expect(done.finalAt! - v.createdAt).toBeLessThanOrEqual(7_000);
    expect(done.qrContent).toBeNull();
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(r.sandbox.ledger().totals.charged).toBe(1);
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]!.barCode).toBe(1);
    expect(r.engine.history(v.id).map((e) => e.kind)).toContain('scancode-reply');
    for (const p of r.progress) expect(AttemptViewSchema.safeParse(p).success).toBe(true);
  });

  it('expired: the QR times out, the gateway says PAYERROR → declined, the bill unlocks, nothing charged', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1998);
    const v = r.engine.collectQr({ billId: bill.id, payTypeCode: 'alipayQR', operatorNo: '1001' });
    await r.until(() => r.view(v.id).state === 'declined');
    expect(r.view(v.id).finalAt! - v.createdAt).toBeGreaterThanOrEqual(10_000);
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.sandbox.ledger().totals.charged).toBe(0);
  });

  it('never paid: deadline → unconfirmed → the reconciler; paid later by the payer → paid with a late outcome', async () => {
    rig = await createRig({ deadlineMs: 30_000 });
    const r = rig;
    const bill = r.newBill(2500);
    const v = r.engine.collectQr({ billId: bill.id, payTypeCode: 'dynamicPay', operatorNo: '1001' });
    await r.until(() => r.view(v.id).state === 'unconfirmed');
    expect(r.view(v.id).stateReason).toBe('deadline');
    expect(r.view(v.id).qrContent).toBeNull();
    expect(r.bills.get(bill.id)!.status).toBe('unconfirmed');
    await r.run(60_000);
    expect(r.view(v.id).state).toBe('unconfirmed');
    expect(r.sandbox.payQr(v.gatewayBillNum)).toBe(v.gatewayBillNum);
    await r.until(() => r.view(v.id).state === 'paid');
    expect(r.bills.get(bill.id)!.status).toBe('paid');
    expect(r.lateOutcomes.at(-1)).toMatchObject({ attemptId: v.id, outcome: 'paid' });
    expect(r.sandbox.ledger().totals.charged).toBe(1);
  });

  it('restart mid-QR: resumed by query with the QR kept, one ScanCode sent, paid once', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(3300);
    const v = r.engine.collectQr({ billId: bill.id, payTypeCode: 'unionpayDynamic', operatorNo: '1001' });
    await r.run(3_000);
    const qr = r.view(v.id).qrContent;
    expect(qr).toMatch(/^https:\/\/qr\.95516\.com\//);
    await r.closeEngine();
    await r.run(2_000);
    r.reopen();
    r.engine.start();
    await r.settle();
    expect(r.view(v.id)).toMatchObject({ state: 'awaiting-payer', qrContent: qr });
    expect(r.sandbox.payQr()).toBe(v.gatewayBillNum);
    await r.until(() => r.view(v.id).state === 'paid');
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]!.barCode).toBe(1);
    expect(r.sandbox.ledger().payments[0]!.chargeCount).toBe(1);
    expect(r.engine.history(v.id).map((e) => e.kind)).toContain('resumed');
  });

  it('a payment code scanned after the QR was shown is refused: the bill stays locked to its QR, charged once', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(4400);
    const v = r.engine.collectQr({ billId: bill.id, payTypeCode: 'wxPubQR', operatorNo: '1001' });
    await r.until(() => r.view(v.id).state === 'awaiting-payer');
    const scan = () => r.engine.collect({ billId: bill.id, barCode: sandboxCode(0, 0, 77), operatorNo: '1001' });
    expect(attemptErrorCode(scan)).toBe('payment-in-progress');
    expect(
      attemptErrorCode(() => r.engine.collectQr({ billId: bill.id, payTypeCode: 'alipayQR', operatorNo: '1001' })),
    ).toBe('payment-in-progress');
    r.sandbox.payQr(v.gatewayBillNum);
    await r.until(() => r.view(v.id).state === 'paid');
    expect(attemptErrorCode(scan)).toBe('bill-already-paid');
    const ledger = r.sandbox.ledger();
    expect(ledger.payments).toHaveLength(1);
    expect(ledger.totals.charged).toBe(1);
    expect(r.bills.get(bill.id)!.tenders).toHaveLength(1);
  });

  it('a QR issued without QR content (the configured field is not there) → declined qr-missing, with words, nothing charged', async () => {
    rig = await createRig({ gateway: { scanCodeQrField: 'payInfo.codeUrl' } });
    const r = rig;
    const bill = r.newBill(2600);
    const v = r.engine.collectQr({ billId: bill.id, payTypeCode: 'wxPubQR', operatorNo: '1001' });
    await r.until(() => r.view(v.id).state === 'declined');
    const done = r.view(v.id);
    expect(done.stateReason).toBe('qr-missing');
    expect(done.outcome?.zh).toContain('没有返回二维码');
    expect(done.qrContent).toBeNull();
    expect(r.bills.get(bill.id)!.status).toBe('open');
    const reply = r.engine.history(v.id).find((e) => e.kind === 'scancode-reply')!;
    expect(reply.detail).toMatchObject({ qr: { missing: 'tag.payInfo.codeUrl: no QR content in the ScanCode reply' } });
    expect(r.sandbox.ledger().totals.charged).toBe(0);
  });

  it('refuses an unknown pay type before writing anything', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1000);
    const bad = () => r.engine.collectQr({ billId: bill.id, payTypeCode: 'cashQR' as never, operatorNo: '1001' });
    expect(attemptErrorCode(bad)).toBe('invalid-input');
    expect(r.bills.get(bill.id)!.status).toBe('open');
    expect(r.engine.latestForBill(bill.id)).toBeNull();
  });
});
