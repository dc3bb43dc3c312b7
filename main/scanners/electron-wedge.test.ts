import { describe, expect, it } from 'vitest';
import { charForCode, isModifierCode } from '../../app/scan/keymap.js';
import type { ScanEvent } from '../../app/scan/types.js';
import { createManualClock } from '../../native/test-clock.js';
import { createElectronWedge, toKeyboardInputEvents, type ElectronInputLike } from './electron-wedge.js';
import { HUMAN_SESSIONS, SCANNER_SESSIONS, type FixtureKey } from '../../app/scan/fixtures/index.js';

const toInput = (e: FixtureKey, type = 'keyDown'): ElectronInputLike => ({
  type,
  key: e.key,
  code: e.code,
  shift: e.shift,
  control: false,
  alt: false,
  meta: false,
  isAutoRepeat: Boolean(e.repeat),
  isComposing: Boolean(e.composing),
});

/**
 * A model of the page: keys that pass before-input-event land at once; text and keys the
 * wedge gives back land when the (asynchronous) insertText/sendKey runs. The resulting page
 * log must be what the person typed, in order.
 */
async function run(session: { events: FixtureKey[] }) {
  const mono = createManualClock(0);
  const page: string[] = [];
  const scans: ScanEvent[] = [];
  const prevented: string[] = [];
  const wedge = createElectronWedge({
    clock: {
      now: mono.now,
      wallNow: () => 1_763_700_000_000 + mono.now(),
      setTimeout: mono.setTimeout,
      clearTimeout: mono.clearTimeout,
    },
    onScan: (e) => scans.push(e),
    host: {
      insertText: (text) => new Promise((resolve) => setImmediate(() => (page.push(...text), resolve()))),
      sendKey: async (input) => {
        await new Promise((r) => setImmediate(r));
        // Electron re-delivers it through before-input-event; it must pass.
        if (wedge.handleInput(input)) throw new Error('re-sent key was prevented');
        page.push(toToken(input));
      },
    },
  });
  const toToken = (i: ElectronInputLike) => (i.isAutoRepeat ? i.key : (charForCode(i.code, i.shift) ?? `<${i.code}>`));

  for (const e of session.events) {
    await mono.advance(e.t - mono.now());
    const input = toInput(e);
    if (wedge.handleInput(input)) prevented.push(e.code);
    else if (!e.composing && !isModifierCode(e.code)) page.push(toToken(input));
    // keyUp 20 ms later would come here in reality; tested separately.
  }
  await mono.advance(1000);
  await wedge.whenDelivered();
  return { page, scans, prevented };
}

const humans = HUMAN_SESSIONS;
const scanners = SCANNER_SESSIONS;

describe('electron wedge on the keyboard-timing fixtures', () => {
  for (const s of humans) {
    it(`human: ${s.name} — the page gets every key, in order, and no scan`, async () => {
      const { page, scans } = await run(s);
      expect(scans).toEqual([]);
      const expected = s.events
        .filter((e) => !e.composing && !isModifierCode(e.code))
        .map((e) => (e.repeat ? e.key : (charForCode(e.code, e.shift) ?? `<${e.code}>`)));
      expect(page).toEqual(expected);
    });
  }
  for (const s of scanners) {
    it(`scanner: ${s.name} — scans reported, no scanner key reaches the page`, async () => {
      const { page, scans } = await run(s);
      expect(scans.map((x) => x.text)).toEqual(s.expect.scans);
      for (const x of scans) expect(x).toMatchObject({ source: 'keyboard-wedge', deviceId: 'electron-wedge' });
      expect(page.filter((t) => t.length === 1).join('')).toBe(s.expect.typed);
      expect(page.filter((t) => t.startsWith('<Enter') || t.startsWith('<Tab') || t.startsWith('<Numpad'))).toEqual([]);
    });
  }
});

describe('electron wedge details', () => {
  it('Enter right after two fast digits is re-sent after them: "12⏎", never "⏎12"', async () => {
    const events: FixtureKey[] = [
      { code: 'Digit1', key: '1', shift: false, t: 0 },
      { code: 'Digit2', key: '2', shift: false, t: 10 },
      { code: 'Enter', key: 'Enter', shift: false, t: 20 },
    ];
    const { page, prevented } = await run({ events });
    expect(prevented).toEqual(['Digit1', 'Digit2', 'Enter']);
    expect(page).toEqual(['1', '2', '<Enter>']);
  });

  it('gives back what the layout typed (key), e.g. AZERTY digits row', async () => {
    const { page } = await run({ events: [{ code: 'Digit2', key: 'é', shift: false, t: 0 }] });
    expect(page).toEqual(['é']);
  });

  it('swallows keyUps of scan keys, passes keyUps of given-back keys', () => {
    const mono = createManualClock(0);
    const wedge = createElectronWedge({
      clock: { now: mono.now, wallNow: mono.now, setTimeout: mono.setTimeout, clearTimeout: mono.clearTimeout },
      onScan: () => {},
      host: { insertText: async () => {}, sendKey: () => {} },
    });
    const k = (code: string, key: string): FixtureKey => ({ code, key, shift: false, t: 0 });
    for (const c of '96385074') wedge.handleInput(toInput(k(`Digit${c}`, c)));
    expect(wedge.handleInput(toInput(k('Enter', 'Enter')))).toBe(true);
    expect(wedge.handleInput(toInput(k('Digit9', '9'), 'keyUp'))).toBe(true);
    expect(wedge.handleInput(toInput(k('Enter', 'Enter'), 'keyUp'))).toBe(true);
    wedge.dispose();
  });

  it('composing keys and a disabled wedge pass untouched', async () => {
    let enabled = true;
    const mono = createManualClock(0);
    const wedge = createElectronWedge({
      enabled: () => enabled,
      clock: { now: mono.now, wallNow: mono.now, setTimeout: mono.setTimeout, clearTimeout: mono.clearTimeout },
      onScan: () => {},
      host: { insertText: async () => {}, sendKey: () => {} },
    });
    expect(
      wedge.handleInput({ ...toInput({ code: 'KeyN', key: 'Process', shift: false, t: 0 }), isComposing: true }),
    ).toBe(false);
    enabled = false;
    expect(wedge.handleInput(toInput({ code: 'Digit1', key: '1', shift: false, t: 0 }))).toBe(false);
  });

  it('sendInputEvent sequence for a re-sent key', () => {
    expect(
      toKeyboardInputEvents({
        type: 'keyDown',
        key: 'Enter',
        code: 'Enter',
        shift: false,
        control: false,
        alt: false,
        meta: false,
        isAutoRepeat: false,
      }),
    ).toEqual([
      { type: 'keyDown', keyCode: 'Enter', modifiers: [] },
      { type: 'char', keyCode: '\r', modifiers: [] },
      { type: 'keyUp', keyCode: 'Enter', modifiers: [] },
    ]);
    expect(
      toKeyboardInputEvents({
        type: 'keyDown',
        key: 'ArrowUp',
        code: 'ArrowUp',
        shift: true,
        control: false,
        alt: false,
        meta: false,
        isAutoRepeat: false,
      }),
    ).toEqual([
      { type: 'keyDown', keyCode: 'Up', modifiers: ['shift'] },
      { type: 'keyUp', keyCode: 'Up', modifiers: ['shift'] },
    ]);
  });
});
