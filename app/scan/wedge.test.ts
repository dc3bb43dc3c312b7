import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charForCode, isModifierCode } from './keymap.js';
import { createWedgeDetector, resolveWedgeOptions, type WedgeDetector, type WedgeOptions } from './wedge.js';
import { HUMAN_SESSIONS, SCANNER_SESSIONS, type FixtureKey } from './fixtures/index.js';

/**
 * Drive a detector the way the DOM listener does: before each key, fire the timer if its
 * deadline has passed (a perfect timer), then feed the key. Model the focused field: released
 * keys and passed keys land there, in order.
 */
function drive(session: { events: FixtureKey[] }, options: Partial<WedgeOptions> = {}, timerLatencyMs = 0) {
  const det: WedgeDetector<number> = createWedgeDetector<number>(options);
  const field: string[] = []; // tokens: chars, or <Code> for passed non-char keys
  const scans: string[] = [];
  const holdLatency: number[] = [];
  const prevented: number[] = [];

  const land = (release: { char: string; key: string | undefined; time: number }[], at: number) => {
    for (const k of release) field.push(k.char);
    // Typing lag: a released burst comes back at most maxGapMs after its last key.
    if (release.length > 0) holdLatency.push(at - release[release.length - 1]!.time);
  };
  const fireTimers = (until: number) => {
    for (;;) {
      const d = det.nextDeadline();
      if (d === null || d + timerLatencyMs > until) return;
      const at = d + timerLatencyMs;
      const r = det.flush(at);
      land(r.release, at);
      if (r.scan) scans.push(r.scan.text);
      if (!r.scan && r.release.length === 0) throw new Error('flush at deadline resolved nothing');
    }
  };

  session.events.forEach((e, i) => {
    fireTimers(e.t);
    const d = det.feed(
      { code: e.code, key: e.key, shift: e.shift, time: e.t, repeat: e.repeat, composing: e.composing },
      i,
    );
    land(d.release, e.t);
    if (d.scan) scans.push(d.scan.text);
    if (d.action === 'hold') prevented.push(i);
    else if (!e.composing && !isModifierCode(e.code)) {
      const ch = e.repeat ? (e.key.length === 1 ? e.key : null) : charForCode(e.code, e.shift);
      field.push(ch ?? `<${e.code}>`);
    }
  });
  fireTimers(Number.POSITIVE_INFINITY);
  expect(det.pending()).toBe(false);
  return { field, scans, holdLatency, prevented };
}

const humanSessions = HUMAN_SESSIONS;
const scannerSessions = SCANNER_SESSIONS;

describe('wedge detector on recorded-style human typing', () => {
  it('has fixtures', () => {
    expect(humanSessions.length).toBeGreaterThanOrEqual(10);
    expect(scannerSessions.length).toBeGreaterThanOrEqual(10);
  });

  for (const s of humanSessions) {
    it(`${s.name}: never a scan, every key lands in order, lag ≤ maxGapMs`, () => {
      const { field, scans, holdLatency } = drive(s);
      expect(scans).toEqual([]);
      // Every non-modifier, non-composing key reaches the field, in the order typed.
      const expected = s.events
        .filter((e) => !e.composing && !isModifierCode(e.code))
        .map((e) => (e.repeat ? e.key : (charForCode(e.code, e.shift) ?? `<${e.code}>`)));
      expect(field).toEqual(expected);
      expect(field.filter((t) => t.length === 1).join('')).toBe(s.expect.typed);
      for (const lag of holdLatency) expect(lag).toBeLessThanOrEqual(resolveWedgeOptions().maxGapMs);
    });
  }

  it('human typing is never a scan even when the timer fires late (busy main thread)', () => {
    for (const s of humanSessions) {
      const { scans, field } = drive(s, {}, 120);
      expect(scans, s.name).toEqual([]);
      expect(field.filter((t) => t.length === 1).join(''), s.name).toBe(s.expect.typed);
    }
  });
});

describe('wedge detector on recorded-style scanner bursts', () => {
  for (const s of scannerSessions) {
    it(`${s.name}: exact scans, no scanner character reaches the field`, () => {
      const { field, scans } = drive(s);
      expect(scans).toEqual(s.expect.scans);
      expect(field.filter((t) => t.length === 1).join('')).toBe(s.expect.typed);
      // A consumed terminator never reaches the field either (no accidental form submit).
      expect(field.filter((t) => t === '<Enter>' || t === '<Tab>' || t === '<NumpadEnter>')).toEqual([]);
    });
  }

  it('scans survive a late timer (flush resolved by the next key instead)', () => {
    for (const s of scannerSessions) {
      const { scans } = drive(s, {}, 200);
      expect(scans, s.name).toEqual(s.expect.scans);
    }
  });
});

describe('wedge detector rules', () => {
  const k = (
    code: string,
    time: number,
    extra: Partial<{ shift: boolean; key: string; ctrl: boolean; composing: boolean; repeat: boolean }> = {},
  ) => ({
    code,
    shift: false,
    time,
    ...extra,
  });

  it('holds the first key and releases it after maxGapMs', () => {
    const det = createWedgeDetector();
    expect(det.feed(k('Digit1', 0), undefined)).toMatchObject({ action: 'hold', release: [], scan: null });
    expect(det.nextDeadline()).toBe(35);
    expect(det.flush(34).release).toEqual([]);
    const r = det.flush(35);
    expect(r.release.map((x) => x.char)).toEqual(['1']);
    expect(det.nextDeadline()).toBeNull();
  });

  it('a short fast burst then Enter: released before Enter passes', () => {
    const det = createWedgeDetector();
    det.feed(k('Digit1', 0), undefined);
    det.feed(k('Digit2', 10), undefined);
    const d = det.feed(k('Enter', 20), undefined);
    expect(d.action).toBe('pass');
    expect(d.release.map((x) => x.char).join('')).toBe('12');
    expect(d.scan).toBeNull();
  });

  it('a confirmed burst ends on a non-character key; the key passes', () => {
    const det = createWedgeDetector();
    '69010280'.split('').forEach((c, i) => det.feed(k(`Digit${c}`, i * 5), undefined));
    const d = det.feed(k('Escape', 45), undefined);
    expect(d).toMatchObject({ action: 'pass', release: [] });
    expect(d.scan).toMatchObject({ text: '69010280', end: 'interrupted', terminator: null });
  });

  it('a Ctrl chord ends an unconfirmed burst as typing', () => {
    const det = createWedgeDetector();
    det.feed(k('Digit1', 0), undefined);
    const d = det.feed(k('KeyV', 10, { ctrl: true }), undefined);
    expect(d.action).toBe('pass');
    expect(d.release.map((x) => x.char)).toEqual(['1']);
  });

  it('emits at maxLength', () => {
    const det = createWedgeDetector({ maxLength: 16 });
    let scan = null;
    for (let i = 0; i < 16; i++) scan = det.feed(k('Digit7', i * 3), undefined).scan ?? scan;
    expect(scan).toMatchObject({ text: '7'.repeat(16), end: 'max-length' });
    expect(det.pending()).toBe(false);
  });

  it('uses code + Shift, not key: layout- and IME-independent text', () => {
    const det = createWedgeDetector();
    const keys = [
      { code: 'KeyV', shift: true, key: 'Ｖ' },
      { code: 'KeyI', shift: true, key: 'ｉ' },
      { code: 'KeyP', shift: true, key: 'p' },
      { code: 'Digit0', shift: false, key: 'à' }, // French AZERTY: Digit0 unshifted is à
      { code: 'Digit1', shift: false, key: '&' },
      { code: 'Digit2', shift: false, key: 'é' },
    ];
    keys.forEach((x, i) => det.feed({ ...x, time: i * 4 }, undefined));
    const d = det.feed({ code: 'Enter', shift: false, time: 30 }, undefined);
    expect(d.scan?.text).toBe('VIP012');
  });

  it('reset(): a confirmed burst becomes a scan, an unconfirmed one is released', () => {
    const a = createWedgeDetector();
    '123456'.split('').forEach((c, i) => a.feed(k(`Digit${c}`, i), undefined));
    expect(a.reset().scan?.text).toBe('123456');
    const b = createWedgeDetector();
    b.feed(k('Digit1', 0), undefined);
    expect(b.reset().release.map((x) => x.char)).toEqual(['1']);
  });

  it('validates thresholds', () => {
    expect(() => resolveWedgeOptions({ maxGapMs: 50, endGapMs: 40 })).toThrow();
    expect(() => resolveWedgeOptions({ minLength: 1 })).toThrow();
    expect(resolveWedgeOptions({ maxGapMs: 30 }).maxGapMs).toBe(30);
    const det = createWedgeDetector();
    det.setOptions({ minLength: 8 });
    expect(det.options().minLength).toBe(8);
  });

  it('thresholds matter: with minLength 20 an 18-digit burst is typing', () => {
    const { scans, field } = drive(
      scannerSessions.find((s) => s.name === 'wechat-enter')!,
      { minLength: 20 },
    );
    expect(scans).toEqual([]);
    expect(field.filter((t) => t.length === 1).join('')).toBe('134567890123456789');
  });
});

describe('wedge detector: randomised sessions (seeded)', () => {
  const digit = fc.integer({ min: 0, max: 9 }).map(String);

  // Human: gaps ≥ 36 ms except rolls of at most 4 consecutive fast keys (5-key bursts).
  const human = fc
    .array(
      fc.record({
        c: digit,
        wantFast: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
        fastGap: fc.double({ min: 1, max: 34, maxExcluded: true, noNaN: true }),
        slowGap: fc.double({ min: 36, max: 236, maxExcluded: true, noNaN: true }),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((keys) => {
      const events: FixtureKey[] = [];
      let t = 0;
      let run = 0;
      for (const k of keys) {
        const fast = run < 4 && k.wantFast;
        t += fast ? k.fastGap : k.slowGap;
        run = fast ? run + 1 : 0;
        events.push({ code: `Digit${k.c}`, key: k.c, shift: false, t });
      }
      return { events, typed: keys.map((k) => k.c).join('') };
    });

  // Scanner: 6–40 chars at 0.5–34 ms, optional Enter.
  const scanner = fc
    .record({
      keys: fc.array(
        fc.record({
          c: digit,
          numpad: fc.boolean(),
          gap: fc.double({ min: 0.5, max: 33.9, maxExcluded: true, noNaN: true }),
        }),
        { minLength: 6, maxLength: 40 },
      ),
      enter: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
    })
    .map(({ keys, enter }) => {
      const events: FixtureKey[] = [];
      let st = 10_000;
      keys.forEach((k, i) => {
        st += i === 0 ? 0 : k.gap;
        events.push({ code: k.numpad ? `Numpad${k.c}` : `Digit${k.c}`, key: k.c, shift: false, t: st });
      });
      if (enter) events.push({ code: 'Enter', key: 'Enter', shift: false, t: st + 5 });
      return { events, text: keys.map((k) => k.c).join('') };
    });

  it('2,000 random human sessions: no scans, nothing lost; 2,000 random scans: exact text', () => {
    fc.assert(
      fc.property(human, scanner, (hs, sc) => {
        const h = drive({ events: hs.events });
        expect(h.scans).toEqual([]);
        expect(h.field.join('')).toBe(hs.typed);

        const s = drive({ events: sc.events });
        expect(s.scans).toEqual([sc.text]);
        expect(s.field.filter((x) => x.length === 1)).toEqual([]);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});
