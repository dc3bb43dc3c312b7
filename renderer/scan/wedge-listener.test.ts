import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { charForCode, isModifierCode } from '../../app/scan/keymap.js';
import { HUMAN_SESSIONS, SCANNER_SESSIONS, type FixtureKey } from '../../app/scan/fixtures/index.js';
import type { Harness } from './test/harness.js';

type HarnessWindow = { __h: Harness };

/**
 * The DOM wedge listener in a real Chromium, typed into with trusted key events (CDP
 * Input.dispatchKeyEvent), so default actions (characters landing in fields, Enter clicking a
 * button) are the browser's own. Time is the harness's manual clock: each key is stamped with
 * the fixture time and the listener's timers fire as the clock passes them.
 */

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[wedge-listener.test] SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

const humans = HUMAN_SESSIONS;
const scanners = SCANNER_SESSIONS;

/** Windows virtual-key codes Chromium needs for CDP key events. */
function vk(code: string): number {
  if (/^Digit\d$/.test(code)) return 48 + Number(code[5]);
  if (/^Key[A-Z]$/.test(code)) return code.charCodeAt(3);
  if (/^Numpad\d$/.test(code)) return 96 + Number(code[6]);
  const table: Record<string, number> = {
    Enter: 13,
    NumpadEnter: 13,
    Tab: 9,
    Backspace: 8,
    Escape: 27,
    Space: 32,
    Period: 190,
    NumpadDecimal: 110,
    Minus: 189,
    Equal: 187,
    BracketLeft: 219,
    BracketRight: 221,
    Slash: 191,
    Comma: 188,
    Semicolon: 186,
    Quote: 222,
    Backquote: 192,
    Backslash: 220,
  };
  return table[code] ?? 0;
}

let browser: Browser;
let page: Page;
let cdp: CDPSession;

async function key(type: 'down' | 'up', e: FixtureKey, autoRepeat = false): Promise<void> {
  const text = e.code === 'Enter' || e.code === 'NumpadEnter' ? '\r' : (charForCode(e.code, e.shift) ?? '');
  await cdp.send('Input.dispatchKeyEvent', {
    type: type === 'up' ? 'keyUp' : text ? 'keyDown' : 'rawKeyDown',
    code: e.code,
    key: e.code === 'Enter' || e.code === 'NumpadEnter' ? 'Enter' : e.key,
    ...(type === 'down' && text ? { text, unmodifiedText: text } : {}),
    windowsVirtualKeyCode: vk(e.code),
    nativeVirtualKeyCode: vk(e.code),
    modifiers: e.shift ? 8 : 0,
    autoRepeat,
    location: e.code.startsWith('Numpad') ? 3 : 0,
  });
}

async function at(t: number): Promise<void> {
  await page.evaluate((to) => (window as unknown as HarnessWindow).__h.clock.advance(to), t);
}

/** Type a session: each keydown at its fixture time, keyup right after (or after its repeats). */
async function play(session: { events: FixtureKey[] }, base: number): Promise<void> {
  const evs = session.events.filter((e) => !e.composing && !isModifierCode(e.code));
  for (let i = 0; i < evs.length; i++) {
    const e = evs[i]!;
    await at(base + e.t);
    await key('down', e, Boolean(e.repeat));
    const next = evs[i + 1];
    if (!(next && next.repeat && next.code === e.code)) await key('up', e);
  }
  const last = evs[evs.length - 1];
  await at(base + (last ? last.t : 0) + 1000);
}

/** What a person's keys leave in a text field. */
function fieldAfter(events: FixtureKey[]): string {
  let v = '';
  for (const e of events) {
    if (e.composing || isModifierCode(e.code)) continue;
    if (e.code === 'Backspace') v = v.slice(0, -1);
    else if (e.repeat) v += e.key;
    else v += charForCode(e.code, e.shift) ?? '';
  }
  return v;
}

async function state() {
  return page.evaluate(() => {
    const h = (window as unknown as HarnessWindow).__h;
    return {
      amount: (document.getElementById('amount') as HTMLInputElement).value,
      mirror: h.mirror() as string,
      scans: (h.scans as { text: string; source: string; at: number }[]).map((s) => ({ ...s })),
      appKeys: [...(h.appKeys as string[])],
      focused: document.activeElement?.id ?? null,
      clicks: h.clicks() as number,
      pendingTimers: h.pendingTimers() as number,
    };
  });
}

let clockBase = 0;
async function fresh(focusId = 'amount'): Promise<number> {
  clockBase += 100_000;
  await page.evaluate(
    ([id, to]) => {
      (window as unknown as HarnessWindow).__h.clock.advance(to);
      (window as unknown as HarnessWindow).__h.reset(id);
    },
    [focusId, clockBase] as const,
  );
  return clockBase + 20_000;
}

describe.skipIf(!hasChromium)('wedge listener in Chromium', () => {
  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('./test/harness.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    cdp = await page.context().newCDPSession(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('human typing into a React controlled input: every character lands, in order; never a scan', async () => {
    for (const s of humans.filter((x) => !x.events.some((e) => e.composing))) {
      const base = await fresh();
      await play(s, base);
      const st = await state();
      const expected = fieldAfter(s.events);
      expect(st.amount, s.name).toBe(expected);
      expect(st.mirror, `${s.name}: React state`).toBe(expected); // React saw every change
      expect(st.scans, s.name).toEqual([]);
      // App keydown handlers saw every key too (given back as keydown before the text).
      const keys = s.events
        .filter((e) => !e.composing && !isModifierCode(e.code))
        .map((e) => (e.code === 'NumpadEnter' ? 'Enter' : e.key));
      expect(st.appKeys, s.name).toEqual(keys);
      expect(st.pendingTimers, s.name).toBe(0);
    }
  }, 60_000);

  it('scanner bursts: scans reported, no scanner digit in the field or in app key handlers, focus kept', async () => {
    for (const s of scanners) {
      const base = await fresh();
      await play(s, base);
      const st = await state();
      expect(
        st.scans.map((x) => x.text),
        s.name,
      ).toEqual(s.expect.scans);
      for (const x of st.scans) expect(x.source).toBe('keyboard-wedge');
      expect(st.amount, s.name).toBe(s.expect.typed);
      expect(st.mirror, s.name).toBe(s.expect.typed);
      expect(st.appKeys.filter((k) => k.length === 1).join(''), `${s.name}: app handlers`).toBe(s.expect.typed);
      expect(
        st.appKeys.filter((k) => k === 'Enter' || k === 'Tab'),
        `${s.name}: terminator swallowed`,
      ).toEqual([]);
      expect(st.focused, `${s.name}: Tab terminator must not move focus`).toBe('amount');
    }
  }, 60_000);

  it('a scan while a button has focus does not click it; a person pressing Enter does', async () => {
    let base = await fresh('btn');
    await play(
      scanners.find((s) => s.name === 'wechat-enter')!,
      base,
    );
    let st = await state();
    expect(st.scans.map((s) => s.text)).toEqual(['134567890123456789']);
    expect(st.clicks).toBe(0);
    base = await fresh('btn');
    await play({ events: [{ code: 'Enter', key: 'Enter', shift: false, t: 0 }] }, base);
    st = await state();
    expect(st.clicks).toBe(1);
  });

  it('gives keys back into a textarea, a number input, a digits-only field and a maxlength field correctly', async () => {
    const slow = (text: string): FixtureKey[] =>
      [...text].map((ch, i) => {
        const c = ch === '.' ? 'Period' : /[0-9]/.test(ch) ? `Digit${ch}` : `Key${ch.toUpperCase()}`;
        return { code: c, key: ch, shift: false, t: i * 150 };
      });
    const read = (id: string) => page.evaluate((x) => (document.getElementById(x) as HTMLInputElement).value, id);

    let base = await fresh('notes');
    await play({ events: slow('note12') }, base);
    expect(await read('notes')).toBe('note12');

    base = await fresh('qty');
    await play({ events: slow('12.5') }, base);
    expect(await read('qty')).toBe('12.5');

    base = await fresh('digits-only');
    await play({ events: slow('1a2b3') }, base);
    expect(await read('digits-only')).toBe('123');

    base = await fresh('short');
    await play({ events: slow('12345') }, base);
    expect(await read('short')).toBe('123');
  });

  it('a read-only field gets nothing, but scans still work there', async () => {
    const base = await fresh('ro');
    await play(
      scanners.find((s) => s.name === 'ean13-tab')!,
      base,
    );
    const st = await state();
    expect(st.scans.map((s) => s.text)).toEqual(['6901028075022']);
    expect(await page.evaluate(() => (document.getElementById('ro') as HTMLInputElement).value)).toBe('fixed');
  });

  it('IME composition keydowns are left alone (not prevented, not held)', async () => {
    await fresh();
    const prevented = await page.evaluate(() => {
      const out: boolean[] = [];
      for (const code of ['KeyN', 'KeyI', 'KeyH', 'KeyA', 'KeyO', 'Digit1']) {
        const ev = new KeyboardEvent('keydown', {
          key: 'Process',
          code,
          isComposing: true,
          bubbles: true,
          cancelable: true,
        });
        document.getElementById('amount')!.dispatchEvent(ev);
        out.push(ev.defaultPrevented);
      }
      return { out, pending: (window as unknown as HarnessWindow).__h.pendingTimers() };
    });
    expect(prevented).toEqual({ out: [false, false, false, false, false, false], pending: 0 });
  });

  it('dispose gives back a held key and stops intercepting', async () => {
    const base = await fresh();
    await at(base);
    await key('down', { code: 'Digit7', key: '7', shift: false, t: 0 });
    await key('up', { code: 'Digit7', key: '7', shift: false, t: 0 });
    expect((await state()).amount).toBe(''); // held
    await page.evaluate(() => (window as unknown as HarnessWindow).__h.dispose());
    expect((await state()).amount).toBe('7');
    await key('down', { code: 'Digit8', key: '8', shift: false, t: 0 });
    await key('up', { code: 'Digit8', key: '8', shift: false, t: 0 });
    expect((await state()).amount).toBe('78'); // no listener: plain typing
    await page.evaluate(() => (window as unknown as HarnessWindow).__h.reinstall());
  });
});
