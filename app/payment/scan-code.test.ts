import { describe, expect, it } from 'vitest';
import { buildScanCodeBody, findQrContent, QR_PAY_TYPES, serializeScanCodeBody } from './scan-code.js';
import { transition } from './state.js';

describe('ScanCode wire body', () => {
  it('writes summary from the exact decimal string and tradeFrom "1", for every pay type', () => {
    for (const payTypeCode of QR_PAY_TYPES) {
      const b = buildScanCodeBody({ businessType: 2, operatorNo: 'op', billNum: 'B1', amountFen: 1001, payTypeCode });
      expect(b.ok && serializeScanCodeBody(b.value)).toBe(
        `{"BusinessType":2,"operatorNo":"op","billNum":"B1","summary":10.01,"payTypeCode":"${payTypeCode}","tradeFrom":"1"}`,
      );
    }
  });
  it('names the field and the limit on a bad request', () => {
    const b = buildScanCodeBody({
      businessType: 1,
      operatorNo: 'op',
      billNum: 'x'.repeat(33),
      amountFen: 1,
      payTypeCode: 'wxPubQR',
    });
    expect(b).toMatchObject({ ok: false, error: { details: { field: 'billNum', limit: 32 } } });
  });
  it('finds no QR in a plain-text tag field', () => {
    expect(findQrContent('{"errcode":0,"tag":{"paystatusdesc":"请扫码 weixin://x"}}')).toMatchObject({
      ok: false,
      code: 'qr-missing',
    });
  });
});

describe('QR events in the attempt state machine', () => {
  it('qr-issued: sent → awaiting-payer (qr-shown), never paid; ignored once unconfirmed', () => {
    expect(transition({ state: 'sent' }, { type: 'qr-issued' }, 1)).toMatchObject({
      state: 'awaiting-payer',
      reason: 'qr-shown',
      effects: ['schedule-query', 'notify'],
    });
    expect(transition({ state: 'unconfirmed', reason: 'deadline' }, { type: 'qr-issued' }, 1)).toMatchObject({
      state: 'unconfirmed',
      ignored: true,
    });
  });
  it('qr-missing: declined (nothing charged, the bill unlocks); an unconfirmed attempt keeps being reconciled', () => {
    expect(transition({ state: 'sent' }, { type: 'qr-missing' }, 1)).toMatchObject({
      state: 'declined',
      reason: 'qr-missing',
    });
    expect(transition({ state: 'unconfirmed' }, { type: 'qr-missing' }, 1)).toMatchObject({
      state: 'unconfirmed',
      ignored: true,
    });
  });
});
