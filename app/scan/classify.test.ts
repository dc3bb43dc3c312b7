import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyScan,
  gs1CheckDigit,
  hasValidGs1CheckDigit,
  maskScanText,
  normaliseScanText,
  walletOfCode,
  WALLET_CODE_RULES,
} from './classify.js';

describe('GS1 check digit', () => {
  it('accepts published valid codes', () => {
    // EAN-13 examples from GS1 / Wikipedia, a Chinese (690–699 prefix) product, EAN-8 and UPC-A.
    for (const code of ['4006381333931', '5901234123457', '6901028075022', '96385074', '036000291452']) {
      expect(hasValidGs1CheckDigit(code), code).toBe(true);
    }
  });
  it('rejects every single-digit corruption of a valid code', () => {
    const good = '6901028075022';
    for (let i = 0; i < good.length; i++) {
      const d = Number(good[i]);
      const bad = good.slice(0, i) + String((d + 1) % 10) + good.slice(i + 1);
      expect(hasValidGs1CheckDigit(bad), bad).toBe(false);
    }
  });
  it('any GS1 code with its computed check digit is valid, and every single-digit change breaks it (property)', () => {
    const body = fc
      .constantFrom(7, 11, 12, 13)
      .chain((n) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join('')));
    fc.assert(
      fc.property(body, fc.nat(), fc.integer({ min: 1, max: 9 }), (digits, at, delta) => {
        const code = digits + gs1CheckDigit(digits);
        expect(hasValidGs1CheckDigit(code)).toBe(true);
        const i = at % code.length;
        const bad = code.slice(0, i) + String((Number(code[i]) + delta) % 10) + code.slice(i + 1);
        expect(hasValidGs1CheckDigit(bad), bad).toBe(false);
      }),
      { seed: 0x6901, numRuns: 2000 },
    );
  });

  it('computes check digits', () => {
    expect(gs1CheckDigit('400638133393')).toBe('1');
    expect(gs1CheckDigit('9638507')).toBe('4');
    expect(gs1CheckDigit('03600029145')).toBe('2');
  });
});

describe('classifyScan: payment codes (prefix first)', () => {
  it('WeChat: 18 digits starting 10–15', () => {
    for (const code of ['134567890123456789', '102345678901234567', '150000000000000001']) {
      expect(classifyScan(code)).toMatchObject({ kind: 'wechat', category: 'payment-code', text: code });
    }
    // 17 or 19 digits starting 13 are not WeChat.
    expect(classifyScan('13456789012345678').kind).not.toBe('wechat');
    expect(classifyScan('1345678901234567890').kind).not.toBe('wechat');
    // 18 digits starting 16 or 09 are not WeChat.
    expect(classifyScan('164567890123456789').kind).toBe('unknown');
    expect(classifyScan('094567890123456789').kind).toBe('unknown');
  });

  it('Alipay: 16–24 digits starting 25–30', () => {
    for (const code of [
      '2812345678901234',
      '284012345678901234',
      '250000000000000000000000',
      '300123456789012345678',
    ]) {
      expect(classifyScan(code)).toMatchObject({ kind: 'alipay', category: 'payment-code' });
    }
    expect(classifyScan('281234567890123').kind).toBe('unknown'); // 15 digits
    expect(classifyScan('2500000000000000000000000').kind).toBe('unknown'); // 25 digits
    expect(classifyScan('314012345678901234').kind).toBe('unknown'); // prefix 31
  });

  it('UnionPay / 云闪付: 19 digits starting 62', () => {
    expect(classifyScan('6226123456789012345')).toMatchObject({ kind: 'unionpay', category: 'payment-code' });
    expect(classifyScan('622612345678901234').kind).toBe('unknown'); // 18 digits
  });

  it('a payment code wins over a card pattern that also matches', () => {
    const c = classifyScan('134567890123456789', { cardPattern: '\\d{18}' });
    expect(c.kind).toBe('wechat');
    expect(c.matchesCardPattern).toBe(true);
  });
});

describe('classifyScan: products', () => {
  it('EAN-13, EAN-8 and UPC-A with valid check digits', () => {
    expect(classifyScan('6901028075022')).toMatchObject({ kind: 'ean13', category: 'product' });
    expect(classifyScan('96385074')).toMatchObject({ kind: 'ean8', category: 'product' });
    expect(classifyScan('036000291452')).toMatchObject({ kind: 'upca', category: 'product' });
  });
  it('a bad check digit is not a product', () => {
    expect(classifyScan('6901028075023').kind).toBe('unknown');
    expect(classifyScan('96385075').kind).toBe('unknown');
    expect(classifyScan('036000291453').kind).toBe('unknown');
  });
  it('a 13-digit card number with a bad check digit becomes a card when the pattern accepts it', () => {
    expect(classifyScan('8800012345671', { cardPattern: '88\\d{11}' })).toMatchObject({
      kind: 'card',
      category: 'card',
    });
  });
});

describe('classifyScan: cards and unknown', () => {
  it('uses the configured pattern as a full match', () => {
    expect(classifyScan('VIP0012345', { cardPattern: 'VIP\\d{7}' }).kind).toBe('card');
    expect(classifyScan('XVIP0012345', { cardPattern: 'VIP\\d{7}' }).kind).toBe('unknown');
    expect(classifyScan('VIP00123456', { cardPattern: 'VIP\\d{7}' }).kind).toBe('unknown');
  });
  it('an invalid pattern never throws and matches nothing', () => {
    expect(classifyScan('VIP0012345', { cardPattern: '(' }).kind).toBe('unknown');
  });
  it('without a pattern nothing is a card', () => {
    expect(classifyScan('VIP0012345').kind).toBe('unknown');
  });
  it('unknown text', () => {
    for (const t of ['', '   ', 'hello', 'https://example.com/q?x=1', '12345']) {
      expect(classifyScan(t).category).toBe('unknown');
    }
    expect(classifyScan('9'.repeat(300)).kind).toBe('unknown');
  });
});

describe('normalisation', () => {
  it('trims CR/LF/Tab and strips an AIM id', () => {
    expect(classifyScan('\t]E06901028075022\r\n')).toMatchObject({ kind: 'ean13', text: '6901028075022', aim: ']E0' });
    expect(classifyScan(']Q1134567890123456789\r')).toMatchObject({ kind: 'wechat', aim: ']Q1' });
    expect(classifyScan(']C1VIP0012345', { cardPattern: 'VIP\\d{7}' })).toMatchObject({
      kind: 'card',
      text: 'VIP0012345',
    });
  });
  it('folds full-width digits from an IME', () => {
    expect(normaliseScanText('１３４５６７８９０１２３４５６７８９').text).toBe('134567890123456789');
  });
  it('leaves a lone bracket alone', () => {
    expect(normaliseScanText(']x').text).toBe(']x');
  });
});

describe('maskScanText', () => {
  it('masks payment codes but not products', () => {
    expect(maskScanText('134567890123456789', 'payment-code')).toBe('1345**********6789');
    expect(maskScanText('6901028075022', 'product')).toBe('6901028075022');
    expect(maskScanText('1234')).toBe('****');
  });
});

describe('walletOfCode (the one wallet payment-code rule table, also used by the payment engine)', () => {
  it('WeChat 18 digits 10–15, Alipay 16–24 digits 25–30, UnionPay 19 digits 62; digits only; nothing else', () => {
    expect(WALLET_CODE_RULES.map((r) => r.wallet)).toEqual(['wechat', 'alipay', 'unionpay']);
    expect(walletOfCode('100000000000000000')).toBe('wechat');
    expect(walletOfCode('159999999999999999')).toBe('wechat');
    expect(walletOfCode('2500000000000000')).toBe('alipay');
    expect(walletOfCode('300000000000000000000000')).toBe('alipay');
    expect(walletOfCode('6200000000000000000')).toBe('unionpay');
    for (const c of [
      '12',
      '',
      '160000000000000000',
      '09000000000000000',
      '250000000000000',
      '3000000000000000000000000',
      '31000000000000000',
      '620000000000000000',
      '13000000000000000a',
      '１３0000000000000000',
    ]) {
      expect(walletOfCode(c), c).toBeNull();
    }
    // The scan classifier says the same.
    expect(classifyScan('2812345678901234').category).toBe('payment-code');
    expect(classifyScan('12').category).toBe('unknown');
  });
});
