import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../app/scan/classify.js';
import { fromHex, toHex } from './bytes.js';
import { encodeHoneywellReports, encodeKeyboardReports, encodeNewlandReports } from './encode.js';
import { HONEYWELL_FIXTURES, KEYBOARD_FIXTURES, NEWLAND_FIXTURES, type ReportFixture } from './fixtures/reports.js';
import { createHidPosDecoder, type HidPosLayout } from './hid-pos.js';
import { createKeyboardDecoder } from './keyboard.js';
import type { DecodedScan } from './types.js';

function runPos(layout: HidPosLayout, f: ReportFixture, t0 = 0): DecodedScan[] {
  const dec = createHidPosDecoder({ layout });
  const out: DecodedScan[] = [];
  f.reports.forEach((rep, i) => out.push(...dec.push(rep, t0 + i * 2).scans));
  expect(dec.pending()).toBe(false);
  return out;
}

describe('HID-POS fixtures are laid out as 64-byte reports', () => {
  for (const f of [...HONEYWELL_FIXTURES, ...NEWLAND_FIXTURES]) {
    it(f.name, () => {
      for (const rep of f.reports) expect(rep.length).toBe(64);
    });
  }
});

describe('Honeywell layout', () => {
  for (const f of HONEYWELL_FIXTURES) {
    it(`${f.name}: decodes with the honeywell and the auto layout`, () => {
      for (const layout of ['honeywell', 'auto'] as const) {
        const scans = runPos(layout, f);
        expect(scans.map((s) => ({ text: s.text, symbology: s.symbology }))).toEqual(f.expect);
      }
    });
  }

  it('joins continued reports and keeps every raw report', () => {
    const [scan] = runPos('honeywell', HONEYWELL_FIXTURES[2]!);
    expect(scan!.reports).toHaveLength(2);
    expect(toHex(scan!.reports[0]!)).toBe(toHex(HONEYWELL_FIXTURES[2]!.reports[0]!));
  });

  it('the payment code decoded from a report classifies as WeChat', () => {
    const [scan] = runPos('honeywell', HONEYWELL_FIXTURES[1]!);
    expect(classifyScan(scan!.text).kind).toBe('wechat');
  });

  it('reports an unexpected report id instead of decoding it', () => {
    const dec = createHidPosDecoder({ layout: 'honeywell' });
    expect(dec.push(fromHex('fd' + '00'.repeat(63)), 0)).toEqual({ scans: [], issue: 'unexpected-report-id' });
  });

  it('clamps a length byte larger than the data field', () => {
    const rep = encodeHoneywellReports('12345678', { aim: ']E4' })[0]!;
    rep[1] = 0xff;
    const res = createHidPosDecoder({ layout: 'honeywell' }).push(rep, 0);
    expect(res.issue).toBe('bad-length');
    expect(res.scans[0]!.text.startsWith('12345678')).toBe(true);
  });

  it('drops a continuation that never completes', () => {
    const dec = createHidPosDecoder({ layout: 'honeywell', continuationTimeoutMs: 500 });
    const [first] = HONEYWELL_FIXTURES[2]!.reports;
    expect(dec.push(first!, 0).scans).toEqual([]);
    expect(dec.pending()).toBe(true);
    const next = dec.push(HONEYWELL_FIXTURES[0]!.reports[0]!, 2000);
    expect(next.issue).toBe('stale-continuation');
    expect(next.scans.map((s) => s.text)).toEqual(['6901028075022']); // not glued to the stale part
  });
});

describe('Newland layout', () => {
  for (const f of NEWLAND_FIXTURES) {
    it(`${f.name}: decodes with the newland and the auto layout`, () => {
      for (const layout of ['newland', 'auto'] as const) {
        const scans = runPos(layout, f);
        expect(scans.map((s) => ({ text: s.text, symbology: s.symbology }))).toEqual(f.expect);
      }
    });
  }

  it('auto layout: Newland with AIM transmission enabled keeps the whole data', () => {
    const rep = encodeNewlandReports(']E06901028075022', { codeId: null })[0]!;
    const scans = createHidPosDecoder({ layout: 'auto' }).push(rep, 0).scans;
    expect(scans[0]!.text).toBe(']E06901028075022');
    expect(classifyScan(scans[0]!.text)).toMatchObject({ kind: 'ean13', text: '6901028075022' });
  });
});

describe('encoders reproduce the hand-laid fixtures', () => {
  it('Honeywell', () => {
    expect(encodeHoneywellReports('6901028075022', { aim: ']E0', codeId: 'd' }).map(toHex)).toEqual(
      HONEYWELL_FIXTURES[0]!.reports.map(toHex),
    );
    const QR = HONEYWELL_FIXTURES[2]!.expect[0]!.text;
    expect(encodeHoneywellReports(QR, { aim: ']Q1', codeId: 's' }).map(toHex)).toEqual(
      HONEYWELL_FIXTURES[2]!.reports.map(toHex),
    );
  });
  it('Newland', () => {
    expect(encodeNewlandReports('134567890123456789', { codeId: 'Q' }).map(toHex)).toEqual(
      NEWLAND_FIXTURES[0]!.reports.map(toHex),
    );
    const QR = NEWLAND_FIXTURES[2]!.expect[0]!.text;
    expect(encodeNewlandReports(QR, { codeId: 'Q' }).map(toHex)).toEqual(NEWLAND_FIXTURES[2]!.reports.map(toHex));
  });
  it('UTF-8 text survives a split inside a multi-byte character', () => {
    const text = '景区门票'.repeat(6) + '-成人票'; // > 56 UTF-8 bytes, split mid-character
    for (const [layout, reports] of [
      ['honeywell', encodeHoneywellReports(text, { aim: ']Q1' })],
      ['newland', encodeNewlandReports(text)],
    ] as const) {
      const dec = createHidPosDecoder({ layout });
      const scans = reports.flatMap((rep, i) => dec.push(rep, i).scans);
      expect(scans.map((s) => s.text)).toEqual([text]);
    }
  });
});

describe('keyboard boot reports', () => {
  for (const f of KEYBOARD_FIXTURES) {
    it(f.name, () => {
      const hasId = f.name === 'report-id-prefixed';
      const dec = createKeyboardDecoder({ reportId: hasId ? 0x01 : null });
      const scans = f.reports.flatMap((rep, i) => dec.push(rep, i * 4).scans);
      expect(scans.map((s) => ({ text: s.text, symbology: s.symbology }))).toEqual(f.expect);
    });
  }

  it('a scanner without terminator completes on the gap (flush at the deadline)', () => {
    const dec = createKeyboardDecoder({ endGapMs: 100 });
    const reports = encodeKeyboardReports('96385074', { terminator: null });
    reports.forEach((rep, i) => expect(dec.push(rep, i * 3).scans).toEqual([]));
    const deadline = dec.nextDeadline()!;
    expect(dec.flush(deadline - 1)).toBeNull();
    expect(dec.flush(deadline)?.text).toBe('96385074');
    expect(dec.nextDeadline()).toBeNull();
  });

  it('two terminator-less scans separated by a pause are two scans', () => {
    const dec = createKeyboardDecoder({ endGapMs: 100 });
    const a = encodeKeyboardReports('96385074', { terminator: null });
    const b = encodeKeyboardReports('6901028075022', { terminator: null });
    const out: string[] = [];
    a.forEach((rep, i) => out.push(...dec.push(rep, i * 3).scans.map((s) => s.text)));
    b.forEach((rep, i) => out.push(...dec.push(rep, 1000 + i * 3).scans.map((s) => s.text)));
    out.push(dec.flush(5000)!.text);
    expect(out).toEqual(['96385074', '6901028075022']);
  });

  it('round-trips every printable ASCII character', () => {
    let text = '';
    for (let c = 0x20; c < 0x7f; c++) text += String.fromCharCode(c);
    const dec = createKeyboardDecoder();
    const scans = encodeKeyboardReports(text).flatMap((rep, i) => dec.push(rep, i).scans);
    expect(scans.map((s) => s.text)).toEqual([text]);
  });

  it('rejects short reports and foreign report ids', () => {
    expect(createKeyboardDecoder().push(new Uint8Array(5), 0).issue).toBe('short-report');
    expect(createKeyboardDecoder({ reportId: 1 }).push(fromHex('020000270000000000'), 0).issue).toBe(
      'unexpected-report-id',
    );
  });

  it('ignores Ctrl/Alt chords and non-text keys', () => {
    const dec = createKeyboardDecoder();
    const seq = [
      '00001e0000000000',
      '0000000000000000',
      '01001f0000000000',
      '0000000000000000',
      '0000290000000000',
      '0000000000000000',
      '0000200000000000',
      '0000280000000000',
    ];
    const scans = seq.flatMap((hx, i) => dec.push(fromHex(hx), i).scans);
    expect(scans.map((s) => s.text)).toEqual(['13']);
  });
});
