import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyScan } from '../../app/scan/classify.js';
import { routeScan } from '../../app/scan/route.js';
import { createHidPosDecoder } from './hid-pos.js';
import { createKeyboardDecoder } from './keyboard.js';
import { MAX_RAW_REPORTS, MAX_SCAN_BYTES } from './types.js';

/**
 * Random bytes into every decoder: never throws, never hangs, bounded output. fast-check
 * generates the reports, seeded so a failure reproduces (and shrinks to a short session);
 * FUZZ_ITERATIONS raises the report count locally (CI runs the default).
 */

const ITERATIONS = Math.max(1000, Number(process.env['FUZZ_ITERATIONS'] ?? 20_000));
const SEED = Number(process.env['FUZZ_SEED'] ?? 0xc0ffee);
/** Reports per session: every session starts with fresh decoders. */
const SESSION = 500;

const bytesOf = (len: fc.Arbitrary<number>) => len.chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

/** HID-POS reports biased toward the interesting cases: right id, plausible length, AIM prefix, "continued" flag. */
const posReport = fc
  .record({
    bytes: bytesOf(
      fc.oneof(
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) },
        { weight: 7, arbitrary: fc.constant(64) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 79 }) },
      ),
    ),
    reportId: fc.option(fc.constant(0x02), { freq: 5 }),
    length: fc.option(fc.integer({ min: 0, max: 59 }), { freq: 2 }),
    aim: fc.option(fc.tuple(fc.integer({ min: 0x41, max: 0x5a }), fc.integer({ min: 0x30, max: 0x39 })), { freq: 1 }),
    continued: fc.option(fc.constantFrom(0, 1), { freq: 1 }),
  })
  .map(({ bytes, reportId, length, aim, continued }) => {
    const r = bytes;
    if (r.length > 0 && reportId !== null) r[0] = reportId;
    if (r.length > 1 && length !== null) r[1] = length;
    if (r.length > 4 && aim !== null) [r[2], r[3], r[4]] = [0x5d, aim[0], aim[1]];
    if (r.length > 63 && continued !== null) r[63] = continued;
    return r;
  });

/** Boot-protocol keyboard reports: mostly plausible (few keys down, known usages, Shift or nothing). */
const kbdReport = fc
  .record({
    bytes: bytesOf(
      fc.oneof(
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) },
        { weight: 7, arbitrary: fc.constant(8) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 11 }) },
      ),
    ),
    keys: fc.option(
      fc.array(
        fc.oneof(
          { weight: 7, arbitrary: fc.constant(0) },
          { weight: 3, arbitrary: fc.integer({ min: 0x04, max: 0x63 }) },
        ),
        { minLength: 6, maxLength: 6 },
      ),
      {
        freq: 3,
      },
    ),
    modifier: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 0x02) }, { weight: 1, arbitrary: fc.constant(null) }),
  })
  .map(({ bytes, keys, modifier }) => {
    const r = bytes;
    if (r.length >= 8 && keys !== null) {
      keys.forEach((k, i) => (r[2 + i] = k));
      if (modifier !== null) r[0] = modifier;
    }
    return r;
  });

/** One step of a session: time passes, every decoder gets a report, a keyboard decoder may be flushed at its deadline. */
const step = fc.record({
  dt: fc.oneof(
    { weight: 1, arbitrary: fc.constant(2000) },
    { weight: 19, arbitrary: fc.double({ min: 0, max: 20, noNaN: true }) },
  ),
  pos: fc.tuple(posReport, posReport, posReport),
  kbd: fc.tuple(kbdReport, kbdReport),
  flush: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

describe('decoder fuzz (seeded)', () => {
  it(`${ITERATIONS} random reports per decoder: no throw, bounded state and output`, () => {
    let elapsed = 0;
    let reports = 0;
    let scans = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: SESSION, maxLength: SESSION }), (steps) => {
        const decoders = [
          createHidPosDecoder({ layout: 'honeywell' }),
          createHidPosDecoder({ layout: 'newland' }),
          createHidPosDecoder({ layout: 'auto' }),
        ];
        const kbd = [createKeyboardDecoder(), createKeyboardDecoder({ reportId: 1 })];
        const started = performance.now();
        let t = 0;
        for (const st of steps) {
          t += st.dt;
          decoders.forEach((d, i) => {
            const res = d.push(st.pos[i]!, t);
            for (const s of res.scans) {
              scans++;
              expect(typeof s.text).toBe('string');
              expect(s.text.length).toBeLessThanOrEqual(MAX_SCAN_BYTES);
              expect(s.reports.length).toBeLessThanOrEqual(MAX_RAW_REPORTS);
              // Downstream must cope with whatever a device sends.
              routeScan(classifyScan(s.text), 'building');
            }
          });
          kbd.forEach((d, i) => {
            const res = d.push(st.kbd[i]!, t);
            for (const s of res.scans) {
              scans++;
              expect(s.text.length).toBeLessThanOrEqual(MAX_SCAN_BYTES);
              routeScan(classifyScan(s.text), 'awaiting-payment');
            }
            const deadline = d.nextDeadline();
            if (deadline !== null && st.flush) d.flush(deadline);
          });
        }
        elapsed += performance.now() - started;
        reports += steps.length;
      }),
      { seed: SEED, numRuns: Math.ceil(ITERATIONS / SESSION) },
    );
    expect(reports).toBeGreaterThanOrEqual(ITERATIONS);
    expect(scans).toBeGreaterThan(0); // the fuzzer does reach the decode paths
    // "Never hangs": linear work per report. Generous bound for a loaded 2-core CI box.
    expect(elapsed / reports).toBeLessThan(2);
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
