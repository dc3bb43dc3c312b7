/**
 * Writes the keyboard-timing fixtures in app/scan/fixtures/ (run: `npx tsx scripts/make-scan-fixtures.ts`).
 *
 * The sessions are synthesised from a seeded PRNG with timing models taken from measurements of
 * real devices and people, so they are reproducible and reviewable:
 *   - keyboard-mode scanners: 2–15 ms between characters with jitter (USB full-speed HID polls
 *     every 1–10 ms; scanners add an inter-character delay), Shift pressed ~1 ms before a capital,
 *     usually Enter or Tab at the end;
 *   - a slow cashier: 150–350 ms per key; a fast typist: 60–120 ms per key with occasional
 *     38–48 ms bursts (e.g. "00" in an amount), and 2- or 3-key rolls at 22–34 ms in text;
 *   - held-down keys auto-repeat every ~33 ms after ~500 ms (repeat: true);
 *   - IME (pinyin) keydowns carry composing: true.
 * Each session says what must happen: the scans it contains, and the characters that must reach
 * the focused field (everything typed by a person, nothing typed by a scanner).
 *
 * The files are committed; re-running this script must reproduce them byte for byte.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeForChar } from '../app/scan/keymap.js';
import { seededRandom } from '../app/random.js';

interface FixtureKey {
  code: string;
  key: string;
  shift: boolean;
  t: number;
  repeat?: boolean;
  composing?: boolean;
}
interface Session {
  name: string;
  description: string;
  events: FixtureKey[];
  expect: { scans: string[]; typed: string };
}

const rnd = seededRandom(20251121);
const uniform = (lo: number, hi: number): number => Math.round((lo + (hi - lo) * rnd()) * 10) / 10;

class Tape {
  events: FixtureKey[] = [];
  constructor(public t = 1000) {}
  wait(ms: number): this {
    this.t = Math.round((this.t + ms) * 10) / 10;
    return this;
  }
  key(code: string, key: string, shift = false, extra: Partial<FixtureKey> = {}): this {
    this.events.push({ code, key, shift, t: this.t, ...extra });
    return this;
  }
  /** Type one character the way a US keyboard (or a scanner emulating one) would. */
  char(ch: string, opts: { numpad?: boolean } = {}): this {
    if (opts.numpad && /[0-9.]/.test(ch)) {
      return this.key(ch === '.' ? 'NumpadDecimal' : `Numpad${ch}`, ch);
    }
    const k = codeForChar(ch);
    if (!k) throw new Error(`no key for ${JSON.stringify(ch)}`);
    if (k.shift) {
      this.key('ShiftLeft', 'Shift', true);
      this.wait(uniform(0.5, 1.5));
    }
    return this.key(k.code, ch, k.shift);
  }
}

function humanType(tape: Tape, text: string, gap: () => number, numpad = false): void {
  for (let i = 0; i < text.length; i++) {
    if (i > 0) tape.wait(gap());
    tape.char(text[i]!, { numpad });
  }
}

function scannerType(tape: Tape, text: string, lo = 2, hi = 15, numpad = false): void {
  for (let i = 0; i < text.length; i++) {
    if (i > 0) tape.wait(uniform(lo, hi));
    tape.char(text[i]!, { numpad });
  }
}

const slowCashier = (): number => uniform(150, 350);
const fastTypist = (): number => (rnd() < 0.15 ? uniform(38, 48) : uniform(60, 120));
function englishTypist(): () => number {
  let rolls = 0;
  return () => {
    if (rolls < 2 && rnd() < 0.12) {
      rolls++;
      return uniform(22, 34);
    }
    rolls = 0;
    return rnd() < 0.2 ? uniform(36, 55) : uniform(60, 140);
  };
}

// ---------------------------------------------------------------- human sessions
const human: Session[] = [];
{
  const t = new Tape();
  humanType(t, '128.50', slowCashier);
  t.wait(uniform(200, 400)).key('Enter', 'Enter');
  human.push({
    name: 'amount-slow-cashier',
    description: 'Cashier types an amount at 150–350 ms/key, then Enter.',
    events: t.events,
    expect: { scans: [], typed: '128.50' },
  });
}
for (const [i, amount] of ['1000.00', '2300', '100.00', '88.80', '1200000'].entries()) {
  const t = new Tape();
  humanType(t, amount, fastTypist);
  t.wait(uniform(80, 160)).key('Enter', 'Enter');
  human.push({
    name: `amount-fast-typist-${i + 1}`,
    description: 'Fast typist, 60–120 ms/key with occasional 38–48 ms bursts, then Enter.',
    events: t.events,
    expect: { scans: [], typed: amount },
  });
}
{
  // Forced worst case: every gap in the "00"/"000" runs at 40 ms.
  const t = new Tape();
  const s = '1000000';
  for (let i = 0; i < s.length; i++) {
    if (i > 0) t.wait(i === 1 ? 95 : uniform(38, 44));
    t.char(s[i]!);
  }
  t.wait(110).key('Enter', 'Enter');
  human.push({
    name: 'amount-zeros-40ms',
    description: 'Six zeros typed in a 38–44 ms run (the fastest human digit runs seen).',
    events: t.events,
    expect: { scans: [], typed: s },
  });
}
{
  const t = new Tape();
  humanType(t, '35.00', () => uniform(70, 130), true);
  t.wait(120).key('NumpadEnter', 'Enter');
  human.push({
    name: 'numpad-amount',
    description: 'Amount on the numeric keypad, NumpadEnter.',
    events: t.events,
    expect: { scans: [], typed: '35.00' },
  });
}
{
  const t = new Tape();
  humanType(t, '13812345678', () => uniform(80, 150));
  human.push({
    name: 'phone-number',
    description: 'An 11-digit phone number (starts like a WeChat code) typed by a person.',
    events: t.events,
    expect: { scans: [], typed: '13812345678' },
  });
}
{
  const t = new Tape();
  const text = 'the quick brown fox jumps over the lazy dog then types 12 tickets for adult entry';
  humanType(t, text, englishTypist());
  human.push({
    name: 'search-fast-english',
    description: '~100 wpm typist in a search box, with 2–3 key rolls at 22–34 ms.',
    events: t.events,
    expect: { scans: [], typed: text },
  });
}
{
  const t = new Tape();
  humanType(t, 'Zhang San VIP', englishTypist());
  human.push({
    name: 'name-with-shift',
    description: 'A name with capitals (Shift).',
    events: t.events,
    expect: { scans: [], typed: 'Zhang San VIP' },
  });
}
{
  const t = new Tape();
  t.char('1').wait(140).char('2').wait(160).key('Backspace', 'Backspace').wait(150).char('3').wait(130).char('0');
  human.push({
    name: 'backspace-correction',
    description: 'Typing 12, Backspace, 30.',
    events: t.events,
    expect: { scans: [], typed: '1230' },
  });
}
{
  const t = new Tape();
  t.char('0');
  t.wait(500);
  for (let i = 0; i < 20; i++) t.key('Digit0', '0', false, { repeat: true }).wait(uniform(32, 34));
  human.push({
    name: 'autorepeat-zero',
    description: 'Holding 0 down: auto-repeat at ~33 ms must not look like a scan.',
    events: t.events,
    expect: { scans: [], typed: '0'.repeat(21) },
  });
}
{
  const t = new Tape();
  // Pinyin "nihao" composed by the IME (keyCode 229 / isComposing), committed with Space.
  for (const ch of 'nihao')
    t.key(`Key${ch.toUpperCase()}`, 'Process', false, { composing: true }).wait(uniform(25, 60));
  t.key('Space', 'Process', false, { composing: true });
  human.push({
    name: 'ime-pinyin',
    description: 'Chinese IME composition: never held, never a scan.',
    events: t.events,
    expect: { scans: [], typed: '' },
  });
}
{
  const t = new Tape();
  for (const ch of 'shouyin')
    t.key(`Key${ch.toUpperCase()}`, 'Process', false, { composing: true }).wait(uniform(5, 12));
  t.key('Digit1', 'Process', false, { composing: true });
  human.push({
    name: 'ime-fast-composition',
    description: 'IME keydowns arriving scanner-fast (e.g. a scan while the IME is active) are still ignored.',
    events: t.events,
    expect: { scans: [], typed: '' },
  });
}

// ---------------------------------------------------------------- scanner sessions
const scans: Session[] = [];
function scanSession(
  name: string,
  description: string,
  build: (t: Tape) => void,
  expectScans: string[],
  typed = '',
): void {
  const t = new Tape();
  build(t);
  scans.push({ name, description, events: t.events, expect: { scans: expectScans, typed } });
}
scanSession(
  'wechat-enter',
  'WeChat payment code, 2–15 ms/char, Enter.',
  (t) => {
    scannerType(t, '134567890123456789');
    t.wait(uniform(2, 15)).key('Enter', 'Enter');
  },
  ['134567890123456789'],
);
scanSession(
  'alipay-enter',
  'Alipay payment code at ~8 ms/char, Enter.',
  (t) => {
    scannerType(t, '284012345678901234', 6, 10);
    t.wait(8).key('Enter', 'Enter');
  },
  ['284012345678901234'],
);
scanSession(
  'unionpay-fast',
  'UnionPay code from a fast scanner, 1–3 ms/char, Enter.',
  (t) => {
    scannerType(t, '6226123456789012345', 1, 3);
    t.wait(2).key('Enter', 'Enter');
  },
  ['6226123456789012345'],
);
scanSession(
  'ean13-tab',
  'EAN-13 at 12–15 ms/char ending with Tab.',
  (t) => {
    scannerType(t, '6901028075022', 12, 15);
    t.wait(14).key('Tab', 'Tab');
  },
  ['6901028075022'],
);
scanSession(
  'ean8-no-terminator',
  'EAN-8 with no terminator: ends on the silence.',
  (t) => {
    scannerType(t, '96385074');
  },
  ['96385074'],
);
scanSession(
  'card-with-shift',
  'Stored-value card with capitals (Shift before each), Enter.',
  (t) => {
    scannerType(t, 'VIP0012345');
    t.wait(5).key('Enter', 'Enter');
  },
  ['VIP0012345'],
);
scanSession(
  'numpad-scanner',
  'Scanner set to keypad digits (Alt-mode style), NumpadEnter.',
  (t) => {
    scannerType(t, '134567890123456789', 3, 9, true);
    t.wait(4).key('NumpadEnter', 'Enter');
  },
  ['134567890123456789'],
);
scanSession(
  'aim-prefixed',
  'Scanner with AIM id transmission on: ]E0 + EAN-13.',
  (t) => {
    scannerType(t, ']E06901028075022');
    t.wait(6).key('Enter', 'Enter');
  },
  [']E06901028075022'],
);
scanSession(
  'stall-mid-scan',
  'A 55 ms stall after 10 characters (busy machine) inside one scan.',
  (t) => {
    scannerType(t, '2840123456');
    t.wait(55);
    scannerType(t, '78901234');
    t.wait(6).key('Enter', 'Enter');
  },
  ['284012345678901234'],
);
scanSession(
  'two-scans-back-to-back',
  'Two product scans 300 ms apart.',
  (t) => {
    scannerType(t, '6901028075022');
    t.wait(5).key('Enter', 'Enter').wait(300);
    scannerType(t, '4006381333931');
    t.wait(5).key('Enter', 'Enter');
  },
  ['6901028075022', '4006381333931'],
);
scanSession(
  'type-then-scan',
  'Cashier types a quantity, then scans 400 ms later: the typing stays, the scan does not leak.',
  (t) => {
    t.char('2').wait(400);
    scannerType(t, '134567890123456789');
    t.wait(5).key('Enter', 'Enter');
  },
  ['134567890123456789'],
  '2',
);
scanSession(
  'scan-then-type',
  'Scan without terminator, then the cashier types 5 and 0 a little later.',
  (t) => {
    scannerType(t, '6901028075022', 4, 9);
    t.wait(260).char('5').wait(140).char('0');
  },
  ['6901028075022'],
  '50',
);
scanSession(
  'scan-during-amount',
  'Typing an amount, a scan arrives, typing continues.',
  (t) => {
    humanType(t, '12', slowCashier);
    t.wait(180);
    scannerType(t, '6226123456789012345');
    t.wait(4).key('Enter', 'Enter').wait(250);
    humanType(t, '.5', slowCashier);
  },
  ['6226123456789012345'],
  '12.5',
);

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'app', 'scan', 'fixtures');
const header = (what: string) =>
  `Synthesised by scripts/make-scan-fixtures.ts (seeded; see its header for the timing models). ${what} Times in ms (t), keydown events only.`;
/** JSON with one key event per line: readable diffs, small files. */
function render(description: string, sessions: Session[]): string {
  const parts = sessions.map((s) => {
    const events = s.events.map((e) => `      ${JSON.stringify(e)}`).join(',\n');
    return [
      '    {',
      `      "name": ${JSON.stringify(s.name)},`,
      `      "description": ${JSON.stringify(s.description)},`,
      `      "expect": ${JSON.stringify(s.expect)},`,
      `      "events": [\n${events}\n      ]`,
      '    }',
    ].join('\n');
  });
  return `{\n  "description": ${JSON.stringify(description)},\n  "sessions": [\n${parts.join(',\n')}\n  ]\n}\n`;
}
writeFileSync(join(outDir, 'human-typing.json'), render(header('People typing: none of this is a scan.'), human));
writeFileSync(
  join(outDir, 'scanner-bursts.json'),
  render(header('Keyboard-mode scanners, alone and mixed with typing.'), scans),
);
process.stderr.write(`wrote ${human.length} human and ${scans.length} scanner sessions to ${outDir}\n`);
