import { describe, expect, it } from 'vitest';
import type { BillView } from '../contract/schemas.js';
import { CODE128_PATTERNS } from '../scan/code128.js';
import { billBarcodeSvg, buildReceipt } from './receipt.js';

/**
 * The bill number on every receipt as a Code 128 barcode: read back from the SVG's bars, not
 * from the encoder's output. The reader below measures the bars and gaps, checks the start and
 * stop patterns against the standard (ISO/IEC 15417: START B = 211214, START C = 211232, STOP =
 * 2331112), recomputes the mod-103 checksum and decodes code sets A/B/C.
 */

const T0 = Date.UTC(2026, 11, 4, 6, 30, 5);

function bill(billNo: string): BillView {
  return {
    id: 1,
    billNo,
    kind: 'sale',
    businessType: 1,
    status: 'paid',
    totalFen: 1250,
    dueFen: 0,
    cardNo: null,
    lines: [{ lineNo: 1, itemCode: null, name: '', unitPriceFen: 1250, quantity: 1, amountFen: 1250, voided: false }],
    tenders: [
      {
        kind: 'cash',
        amountFen: 1250,
        tenderedFen: 1250,
        changeFen: 0,
        reference: null,
        createdAt: T0,
      },
    ],
    operatorNo: '1001',
    shiftId: 1,
    suspendedLabel: null,
    createdAt: T0,
    updatedAt: T0,
    closedAt: T0,
  };
}

/** Module string (1 = black) of the SVG's bars, between the quiet zones. */
function modulesOf(svg: string): string {
  const view = /viewBox="0 0 (\d+) /.exec(svg);
  const quiet = Number(/data-quiet="(\d+)"/.exec(svg)?.[1]);
  const total = Number(view?.[1]);
  const cells = new Array<string>(total).fill('0');
  const group = svg.slice(svg.indexOf('<g'));
  for (const m of group.matchAll(/<rect x="(\d+)" y="0" width="(\d+)"/g)) {
    for (let k = 0; k < Number(m[2]); k++) cells[Number(m[1]) + k] = '1';
  }
  const all = cells.join('');
  // The quiet zones are white.
  expect(all.slice(0, quiet)).toBe('0'.repeat(quiet));
  expect(all.slice(total - quiet)).toBe('0'.repeat(quiet));
  return all.slice(quiet, total - quiet);
}

/** Run lengths of a module string, starting with a bar. */
function runs(mods: string): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < mods.length) {
    let j = i;
    while (j < mods.length && mods[j] === mods[i]) j++;
    out.push(j - i);
    i = j;
  }
  return out;
}

function decode(svg: string): string {
  const widths = runs(modulesOf(svg));
  // Symbols of 6 elements, the stop of 7.
  const stop = widths.slice(-7).join('');
  expect(stop).toBe('2331112');
  const symbols: string[] = [];
  for (let i = 0; i < widths.length - 7; i += 6) symbols.push(widths.slice(i, i + 6).join(''));
  for (const s of symbols) expect(s.split('').reduce((a, c) => a + Number(c), 0)).toBe(11);
  const values = symbols.map((s) => CODE128_PATTERNS.indexOf(s));
  expect(values).not.toContain(-1);
  const [start, ...rest] = values as [number, ...number[]];
  const check = rest.pop()!;
  const sum = rest.reduce((a, v, i) => a + v * (i + 1), start);
  expect(sum % 103).toBe(check);
  expect(['211214', '211232', '211412']).toContain(symbols[0]);
  let set: 'A' | 'B' | 'C' = start === 105 ? 'C' : start === 104 ? 'B' : 'A';
  let text = '';
  for (const v of rest) {
    if (set === 'C') {
      if (v < 100) text += String(v).padStart(2, '0');
      else set = v === 100 ? 'B' : 'A';
    } else if (v === 99) set = 'C';
    else if (set === 'B' && v === 101) set = 'A';
    else if (set === 'A' && v === 100) set = 'B';
    else if (set === 'B') text += String.fromCharCode(v + 32);
    else text += String.fromCharCode(v < 64 ? v + 32 : v - 64);
  }
  return text;
}

describe('the bill number as a Code 128 barcode on the receipt', () => {
  it.each(['T01-261204-143005-0001', 'ABCD1234-261231-235959-9999', 'T9-000101-000000-0000'])(
    'the bars of %s read back as the bill number',
    (billNo) => {
      expect(decode(billBarcodeSvg(billNo))).toBe(billNo);
    },
  );

  it('is on every receipt (both widths, first print and reprint), under its number in text', () => {
    for (const paperWidthMm of [58, 80] as const) {
      for (const reprint of [false, true]) {
        const r = buildReceipt({
          bill: bill('T01-261204-143005-0007'),
          terminalNo: 'T01',
          paperWidthMm,
          printedAt: T0,
          reprint,
        });
        const svg = /<svg class="code"[\s\S]*?<\/svg>/.exec(r.body)?.[0] ?? '';
        expect(decode(svg)).toBe('T01-261204-143005-0007');
        expect(r.html).toContain('receipt-barcode');
        expect(r.body).toContain('<div class="codeno">T01-261204-143005-0007</div>');
        expect(r.body.includes('重印')).toBe(reprint);
      }
    }
  });

  it('marks a reprint with 重印 and the time of the copy', () => {
    const fmt = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
    const r = buildReceipt({
      bill: bill('T01-261204-143005-0007'),
      terminalNo: 'T01',
      paperWidthMm: 80,
      printedAt: T0 + 3_600_000,
      reprint: true,
      formatTime: fmt,
    });
    expect(r.body).toContain('重印 2026-12-04 07:30:05');
    expect(r.text).toContain('重印 2026-12-04 07:30:05');
  });
});
