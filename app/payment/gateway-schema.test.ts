import { describe, expect, it } from 'vitest';
import { MAX_FEN } from '../money.js';
import {
  buildBarCodeBody,
  buildQueryBody,
  maskBarCode,
  parseGatewayReply,
  serializeBarCodeBody,
} from './gateway-schema.js';

const GOOD = {
  businessType: 1,
  operatorNo: '0001',
  billNum: 'T01-20250101-0001',
  amountFen: 1234,
  barCode: '134567890123456789',
};

describe('buildBarCodeBody', () => {
  it('builds the wire body with summary from the fen string', () => {
    const r = buildBarCodeBody(GOOD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({
      BusinessType: 1,
      operatorNo: '0001',
      billNum: GOOD.billNum,
      summary: '12.34',
      barCode: GOOD.barCode,
    });
    const text = serializeBarCodeBody(r.value);
    expect(text).toContain('"summary":12.34,');
    expect(JSON.parse(text)).toEqual({ ...r.value, summary: 12.34 });
  });

  it('summary is exact for amounts where float arithmetic drifts', () => {
    for (const [fen, yuan] of [
      [1, '0.01'],
      [10, '0.10'],
      [100, '1.00'],
      [29, '0.29'],
      [1005, '10.05'],
      [MAX_FEN, '99999999.99'],
      [1_000_000_07, '1000000.07'],
    ] as const) {
      const r = buildBarCodeBody({ ...GOOD, amountFen: fen });
      if (!r.ok) throw new Error(r.error.message);
      const text = serializeBarCodeBody(r.value);
      expect(text).toContain(`"summary":${yuan},`);
      // The JSON number parses to the same value a .NET decimal would read.
      expect(Math.round(JSON.parse(text).summary * 100)).toBe(fen);
    }
  });

  it('cardNo is required for BusinessType 7 and sent when given', () => {
    const missing = buildBarCodeBody({ ...GOOD, businessType: 7 });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.details.field).toBe('cardNo');
      expect(String(missing.error.details.limit)).toContain('BusinessType 7');
    }
    const r = buildBarCodeBody({ ...GOOD, businessType: 7, cardNo: '88001234' });
    expect(r.ok && serializeBarCodeBody(r.value)).toContain('"cardNo":"88001234"');
    const r2 = buildBarCodeBody(GOOD);
    expect(r2.ok && serializeBarCodeBody(r2.value)).not.toContain('cardNo');
  });

  const cases: Array<[string, Record<string, unknown>, string, string | number, string]> = [
    ['businessType 0', { businessType: 0 }, 'businessType', 'an integer 1–7', 'invalid-input'],
    ['businessType 8', { businessType: 8 }, 'businessType', 'an integer 1–7', 'invalid-input'],
    ['businessType 1.5', { businessType: 1.5 }, 'businessType', 'an integer 1–7', 'invalid-input'],
    ['operatorNo empty', { operatorNo: '' }, 'operatorNo', 1, 'invalid-input'],
    ['operatorNo 33', { operatorNo: 'x'.repeat(33) }, 'operatorNo', 32, 'invalid-input'],
    ['billNum 33', { billNum: 'b'.repeat(33) }, 'billNum', 32, 'invalid-input'],
    ['barCode 41', { barCode: '1'.repeat(41) }, 'barCode', 40, 'barcode-too-long'],
    ['barCode empty', { barCode: '' }, 'barCode', 1, 'barcode-invalid'],
    ['cardNo 21', { cardNo: '1'.repeat(21) }, 'cardNo', 20, 'invalid-input'],
    ['amount 0', { amountFen: 0 }, 'amountFen', 1, 'amount-out-of-range'],
    ['amount too big', { amountFen: MAX_FEN + 1 }, 'amountFen', MAX_FEN, 'amount-out-of-range'],
    ['amount fractional', { amountFen: 12.5 }, 'amountFen', 'an integer number of fen', 'amount-out-of-range'],
    ['amount as string', { amountFen: '12.34' }, 'amountFen', 'an integer number of fen', 'amount-out-of-range'],
  ];
  for (const [name, patch, field, limit, code] of cases) {
    it(`rejects ${name}, naming the field and the limit`, () => {
      const r = buildBarCodeBody({ ...GOOD, ...patch });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(code);
      expect(r.error.details.field).toBe(field);
      expect(r.error.details.limit).toBe(limit);
      expect(r.error.message).toContain(field);
      if (typeof limit === 'number' && limit > 1) expect(r.error.message).toContain(String(limit));
    });
  }
  it('rejects non-objects', () => {
    expect(buildBarCodeBody(null).ok).toBe(false);
    expect(buildBarCodeBody('x').ok).toBe(false);
  });
});

describe('buildQueryBody', () => {
  it('maps to the lower-case wire names, empty strings for absent options', () => {
    expect(buildQueryBody({ billNum: 'B1' })).toEqual({
      ok: true,
      value: { billnum: 'B1', autoid: '', billtype: '', paytype: '' },
    });
    expect(buildQueryBody({ billNum: 'B1', autoid: '77', billtype: '1', paytype: 'kdlq' })).toEqual({
      ok: true,
      value: { billnum: 'B1', autoid: '77', billtype: '1', paytype: 'kdlq' },
    });
    const bad = buildQueryBody({ billNum: 'x'.repeat(33) });
    expect(!bad.ok && bad.error.details).toEqual({ field: 'billNum', limit: 32, actual: 33 });
  });
});

describe('parseGatewayReply', () => {
  const full = {
    errcode: 0,
    errmsg: 'ok',
    tag: { billnum: 'B1', autoid: '5', billstatus: '1', paystatus: 'SUCCESS', paystatusdesc: '支付成功' },
  };
  it('parses the seed shape', () => {
    const r = parseGatewayReply(JSON.stringify(full));
    expect(r).toEqual({ ok: true, reply: { ...full, tagPresent: true, errcodeExact: true, conflicts: [] } });
  });
  it('tolerates BOM, string errcode, numbers in tag, extra fields, key case, missing tag, double encoding', () => {
    const r1 = parseGatewayReply('\uFEFF' + JSON.stringify({ ...full, errcode: '0', extra: { a: 1 } }));
    expect(r1.ok && r1.reply.errcode).toBe(0);
    const r2 = parseGatewayReply(
      JSON.stringify({ errcode: ' 12 ', errmsg: null, tag: { billnum: 123, autoid: 9, paystatus: null } }),
    );
    expect(r2).toEqual({
      ok: true,
      reply: {
        errcode: 12,
        errmsg: '',
        tag: { billnum: '123', autoid: '9', billstatus: '', paystatus: '', paystatusdesc: '' },
        tagPresent: true,
        errcodeExact: true,
        conflicts: [],
      },
    });
    const r3 = parseGatewayReply(JSON.stringify({ ErrCode: 1, ErrMsg: 'x', Tag: { PayStatus: 'USERPAYING' } }));
    expect(r3.ok && r3.reply.tag.paystatus).toBe('USERPAYING');
    const r4 = parseGatewayReply(JSON.stringify({ errcode: 1, errmsg: 'no tag' }));
    expect(r4.ok && r4.reply.tagPresent).toBe(false);
    const r5 = parseGatewayReply(JSON.stringify(JSON.stringify(full)));
    expect(r5.ok && r5.reply.tag.paystatus).toBe('SUCCESS');
  });
  it('rejects what is not a reply', () => {
    for (const body of [
      '',
      '   ',
      '<html>502 Bad Gateway</html>',
      '{"errcode":',
      '[]',
      '"text"',
      '{"errmsg":"x"}',
      '{"errcode":"zero"}',
      '{"errcode":1.5}',
      'null',
    ]) {
      const r = parseGatewayReply(body);
      expect(r.ok, body).toBe(false);
    }
  });
});

describe('maskBarCode', () => {
  it('keeps the first 4 and last 2 characters', () => {
    expect(maskBarCode('134567890123456789')).toBe('1345************89');
    expect(maskBarCode('123456')).toBe('******');
    expect(maskBarCode('1234567')).toBe('1234*67');
  });
});
