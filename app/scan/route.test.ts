import { describe, expect, it } from 'vitest';
import { classifyScan } from './classify.js';
import {
  COUNTER_MODES,
  MISPLACED_MESSAGES,
  REJECT_MESSAGES,
  REJECT_REASONS,
  routeScan,
  type CounterMode,
} from './route.js';
import { ERROR_CODES } from '../errors.js';

const opts = { cardPattern: '88\\d{11}' };
const WECHAT = classifyScan('134567890123456789', opts);
const ALIPAY = classifyScan('284012345678901234', opts);
const UNIONPAY = classifyScan('6226123456789012345', opts);
const PRODUCT = classifyScan('6901028075022', opts);
const CARD = classifyScan('8800012345671', opts); // bad GS1 check digit (valid is 8) → card
const CARD_LOOKS_LIKE_EAN = classifyScan('8800012345678', opts); // valid EAN-13 AND card pattern
const UNKNOWN = classifyScan('hello-world', opts);

describe('routeScan', () => {
  it('sanity of the inputs', () => {
    expect([
      WECHAT.kind,
      ALIPAY.kind,
      UNIONPAY.kind,
      PRODUCT.kind,
      CARD.kind,
      CARD_LOOKS_LIKE_EAN.kind,
      UNKNOWN.kind,
    ]).toEqual(['wechat', 'alipay', 'unionpay', 'ean13', 'card', 'ean13', 'unknown']);
  });

  it('awaiting-payment + payment code → pay', () => {
    for (const c of [WECHAT, ALIPAY, UNIONPAY])
      expect(routeScan(c, 'awaiting-payment')).toEqual({ action: 'pay', beep: 'ok' });
  });

  it('building + payment code → pay (collect the current bill)', () => {
    expect(routeScan(WECHAT, 'building')).toEqual({ action: 'pay', beep: 'ok' });
  });

  it('building / idle + product → add-product', () => {
    expect(routeScan(PRODUCT, 'building')).toEqual({ action: 'add-product', beep: 'ok' });
    expect(routeScan(PRODUCT, 'idle')).toEqual({ action: 'add-product', beep: 'ok' });
  });

  it('payment-live rejects EVERYTHING: never a second attempt, never an edit', () => {
    for (const c of [WECHAT, ALIPAY, UNIONPAY, PRODUCT, CARD, UNKNOWN]) {
      const r = routeScan(c, 'payment-live');
      expect(r).toMatchObject({ action: 'reject', reason: 'payment-live', beep: 'error', errorCode: 'bill-locked' });
    }
  });

  it('product while awaiting payment → misplaced, with a specific message', () => {
    const r = routeScan(PRODUCT, 'awaiting-payment');
    expect(r).toMatchObject({ action: 'reject', reason: 'misplaced', beep: 'error', errorCode: 'scan-misplaced' });
    expect(r.message).toEqual(MISPLACED_MESSAGES['product-while-awaiting-payment']);
  });

  it('payment code with no bill (idle) → misplaced', () => {
    expect(routeScan(WECHAT, 'idle')).toMatchObject({
      action: 'reject',
      reason: 'misplaced',
      message: MISPLACED_MESSAGES['payment-without-bill'],
    });
  });

  it('unknown → reject unrecognised in every working mode', () => {
    for (const m of ['idle', 'building', 'awaiting-payment', 'recharge-card'] as const) {
      expect(routeScan(UNKNOWN, m)).toMatchObject({
        action: 'reject',
        reason: 'unrecognised',
        errorCode: 'scan-unrecognised',
      });
    }
  });

  it('recharge-card: a card, or anything the card pattern accepts → set-card', () => {
    expect(routeScan(CARD, 'recharge-card')).toEqual({ action: 'set-card', beep: 'ok' });
    expect(routeScan(CARD_LOOKS_LIKE_EAN, 'recharge-card')).toEqual({ action: 'set-card', beep: 'ok' });
    expect(routeScan(WECHAT, 'recharge-card')).toMatchObject({
      action: 'reject',
      reason: 'misplaced',
      message: MISPLACED_MESSAGES['not-a-card'],
    });
    expect(routeScan(PRODUCT, 'recharge-card')).toMatchObject({ action: 'reject', reason: 'misplaced' });
  });

  it('a card outside recharge is misplaced', () => {
    for (const m of ['idle', 'building', 'awaiting-payment'] as const) {
      expect(routeScan(CARD, m)).toMatchObject({
        action: 'reject',
        reason: 'misplaced',
        message: MISPLACED_MESSAGES['card-outside-recharge'],
      });
    }
  });

  it('pairing: any scan → pair; locked: any scan → reject locked', () => {
    for (const c of [WECHAT, PRODUCT, CARD, UNKNOWN]) {
      expect(routeScan(c, 'pairing')).toEqual({ action: 'pair', beep: 'ok' });
      expect(routeScan(c, 'locked')).toMatchObject({ action: 'reject', reason: 'locked', beep: 'error' });
    }
  });

  it('an unknown mode never pays', () => {
    expect(routeScan(WECHAT, 'weird' as CounterMode).action).toBe('reject');
  });

  it('only pay in building/awaiting-payment: exhaustive over modes × categories', () => {
    for (const m of COUNTER_MODES) {
      for (const c of [WECHAT, ALIPAY, UNIONPAY, PRODUCT, CARD, CARD_LOOKS_LIKE_EAN, UNKNOWN]) {
        const r = routeScan(c, m);
        if (r.action === 'pay') {
          expect(['building', 'awaiting-payment']).toContain(m);
          expect(c.category).toBe('payment-code');
        }
        expect(r.beep).toBe(r.action === 'reject' ? 'error' : 'ok');
        if (r.action === 'reject') {
          expect(r.message?.zh.length).toBeGreaterThan(0);
          expect(r.message?.en.length).toBeGreaterThan(0);
          expect(ERROR_CODES).toContain(r.errorCode);
        }
      }
    }
  });

  it('zh and en messages exist for every reject reason', () => {
    for (const reason of REJECT_REASONS) {
      expect(REJECT_MESSAGES[reason].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(REJECT_MESSAGES[reason].en).toMatch(/[a-z]/);
    }
  });
});
