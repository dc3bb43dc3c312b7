/**
 * Characters produced by physical keys, by `KeyboardEvent.code` (US layout, as barcode scanners
 * in keyboard mode assume). Rebuilding text from `code` + Shift makes scans independent of the
 * active keyboard layout, CapsLock and the Chinese IME (which rewrites `key`, never `code`).
 *
 * Shared by the keyboard-wedge detector (DOM / Electron `input.code`) and the HID boot-keyboard
 * report decoder (HID usage IDs are mapped to the same codes in native/decode/keyboard.ts).
 */

const DIGITS_SHIFTED = [')', '!', '@', '#', '$', '%', '^', '&', '*', '('] as const;

const UNSHIFTED = new Map<string, string>();
const SHIFTED = new Map<string, string>();

for (let d = 0; d <= 9; d++) {
  UNSHIFTED.set(`Digit${d}`, String(d));
  SHIFTED.set(`Digit${d}`, DIGITS_SHIFTED[d]!);
  // Keypad digits: scanners send them without Shift; with Shift we still mean the digit.
  UNSHIFTED.set(`Numpad${d}`, String(d));
  SHIFTED.set(`Numpad${d}`, String(d));
}
for (let c = 0; c < 26; c++) {
  const lower = String.fromCharCode(0x61 + c);
  const upper = lower.toUpperCase();
  UNSHIFTED.set(`Key${upper}`, lower);
  SHIFTED.set(`Key${upper}`, upper);
}

const PUNCTUATION: ReadonlyArray<readonly [code: string, plain: string, shifted: string]> = [
  ['Minus', '-', '_'],
  ['Equal', '=', '+'],
  ['BracketLeft', '[', '{'],
  ['BracketRight', ']', '}'],
  ['Backslash', '\\', '|'],
  ['IntlBackslash', '\\', '|'],
  ['Semicolon', ';', ':'],
  ['Quote', "'", '"'],
  ['Backquote', '`', '~'],
  ['Comma', ',', '<'],
  ['Period', '.', '>'],
  ['Slash', '/', '?'],
  ['Space', ' ', ' '],
  ['NumpadDecimal', '.', '.'],
  ['NumpadAdd', '+', '+'],
  ['NumpadSubtract', '-', '-'],
  ['NumpadMultiply', '*', '*'],
  ['NumpadDivide', '/', '/'],
];
for (const [code, plain, shifted] of PUNCTUATION) {
  UNSHIFTED.set(code, plain);
  SHIFTED.set(code, shifted);
}

/** The character a key produces on a US layout, or null for non-character keys (Enter, F1, …). */
export function charForCode(code: string, shift: boolean): string | null {
  return (shift ? SHIFTED : UNSHIFTED).get(code) ?? null;
}

/** Codes of pure modifier keys: they never start, end or break a scan. */
const MODIFIER_CODES = new Set([
  'ShiftLeft',
  'ShiftRight',
  'ControlLeft',
  'ControlRight',
  'AltLeft',
  'AltRight',
  'MetaLeft',
  'MetaRight',
  'OSLeft',
  'OSRight',
  'CapsLock',
  'NumLock',
  'Fn',
]);

export function isModifierCode(code: string): boolean {
  return MODIFIER_CODES.has(code);
}

/** Inverse map used by encoders and tests: the code (and Shift) that types `ch` on a US layout. */
const CODE_FOR_CHAR = new Map<string, { code: string; shift: boolean }>();
for (const [code, ch] of UNSHIFTED) {
  if (!code.startsWith('Numpad') && !code.startsWith('Intl') && !CODE_FOR_CHAR.has(ch))
    CODE_FOR_CHAR.set(ch, { code, shift: false });
}
for (const [code, ch] of SHIFTED) {
  if (!code.startsWith('Numpad') && !code.startsWith('Intl') && !CODE_FOR_CHAR.has(ch))
    CODE_FOR_CHAR.set(ch, { code, shift: true });
}

export function codeForChar(ch: string): { code: string; shift: boolean } | null {
  return CODE_FOR_CHAR.get(ch) ?? null;
}
