import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../app/scan/classify.js';
import { routeScan } from '../../app/scan/route.js';
import { createHidPosDecoder } from './hid-pos.js';
import { createKeyboardDecoder } from './keyboard.js';
import { MAX_RAW_REPORTS, MAX_SCAN_BYTES } from './types.js';
import { seededRandom } from '../../app/random.js';

/**
 * Random bytes into every decoder: never throws, never hangs, bounded output. Seeded, so a
 * failure reproduces; FUZZ_ITERATIONS raises the count locally (CI runs the default).
 */

const ITERATIONS = Math.max(1000, Number(process.env['FUZZ_ITERATIONS'] ?? 20_000));
const SEED = Number(process.env['FUZZ_SEED'] ?? 0xc0ffee);


/** Random reports biased toward the interesting cases: right id, plausible length, flags. */
function randomReport(rnd: () => number, kind: 'pos' | 'kbd'): Uint8Array {
  const mode = rnd();
  const len = mode < 0.1 ? Math.floor(rnd() * 4) : kind === 'pos' ? (rnd() < 0.8 ? 64 : Math.floor(rnd() * 80)) : rnd() < 0.8 ? 8 : Math.floor(rnd() * 12);
  const r = new Uint8Array(len);
  for (let i = 0; i < len; i++) r[i] = Math.floor(rnd() * 256);
  if (kind === 'pos' && len > 0 && rnd() < 0.8) r[0] = 0x02;
  if (kind === 'pos' && len > 1 && rnd() < 0.6) r[1] = Math.floor(rnd() * 60);
  if (kind === 'pos' && len > 4 && rnd() < 0.4) {
    r[2] = 0x5d;
    r[3] = 0x41 + Math.floor(rnd() * 26);
    r[4] = 0x30 + Math.floor(rnd() * 10);
  }
  if (kind === 'pos' && len > 63 && rnd() < 0.5) r[63] = rnd() < 0.5 ? 1 : 0;
  if (kind === 'kbd' && len >= 8 && rnd() < 0.7) {
    // mostly-plausible key reports: few keys down, known usages
    for (let i = 2; i < 8; i++) r[i] = rnd() < 0.7 ? 0 : 0x04 + Math.floor(rnd() * 0x60);
    r[0] = rnd() < 0.8 ? (rnd() < 0.5 ? 0 : 0x02) : r[0]!;
  }
  return r;
}

describe('decoder fuzz (seeded)', () => {
  it(`${ITERATIONS} random reports per decoder: no throw, bounded state and output`, () => {
    const rnd = seededRandom(SEED);
    const decoders = [
      createHidPosDecoder({ layout: 'honeywell' }),
      createHidPosDecoder({ layout: 'newland' }),
      createHidPosDecoder({ layout: 'auto' }),
    ];
    const kbd = [createKeyboardDecoder(), createKeyboardDecoder({ reportId: 1 })];
    const started = performance.now();
    let t = 0;
    let scans = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      t += rnd() < 0.05 ? 2000 : rnd() * 20;
      for (const d of decoders) {
        const res = d.push(randomReport(rnd, 'pos'), t);
        for (const s of res.scans) {
          scans++;
          expect(typeof s.text).toBe('string');
          expect(s.text.length).toBeLessThanOrEqual(MAX_SCAN_BYTES);
          expect(s.reports.length).toBeLessThanOrEqual(MAX_RAW_REPORTS);
          // Downstream must cope with whatever a device sends.
          routeScan(classifyScan(s.text), 'building');
        }
      }
      for (const d of kbd) {
        const res = d.push(randomReport(rnd, 'kbd'), t);
        for (const s of res.scans) {
          scans++;
          expect(s.text.length).toBeLessThanOrEqual(MAX_SCAN_BYTES);
          routeScan(classifyScan(s.text), 'awaiting-payment');
        }
        const deadline = d.nextDeadline();
        if (deadline !== null && rnd() < 0.1) d.flush(deadline);
      }
    }
    const elapsed = performance.now() - started;
    expect(scans).toBeGreaterThan(0); // the fuzzer does reach the decode paths
    // "Never hangs": linear work per report. Generous bound for a loaded 2-core CI box.
    expect(elapsed / ITERATIONS).toBeLessThan(2);
  });

  it('a device that only ever sets "continued" cannot grow memory without bound', () => {
    const dec = createHidPosDecoder({ layout: 'newland' });
    const rep = new Uint8Array(64).fill(0x41);
    rep[0] = 0x02;
    rep[1] = 56;
    rep[63] = 0x01;
    let overflowed = 0;
    for (let i = 0; i < 10_000; i++) if (dec.push(rep, i).issue === 'overflow') overflowed++;
    expect(overflowed).toBeGreaterThan(0);
  });
});
