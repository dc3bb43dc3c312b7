/**
 * 助记码: the pinyin initials a cashier types to find an item by name (`kqs` → 矿泉水).
 *
 * How a name becomes its keys (all lower case, letters and digits only):
 *  - The name is NFKC-normalised (full-width letters and digits become ASCII) and split into
 *    runs of Chinese characters and runs of ASCII letters/digits; anything else separates.
 *  - A run of Chinese characters gives one initial per character, from pinyin-pro's
 *    context-aware conversion of the whole run (重庆 → cq, 银行 → yh).
 *  - A Latin word gives its first letter; a token starting with a digit (500ml, 330) is kept
 *    whole, because a cashier types the size as written.
 *  - The primary key is all of that in order: `可口可乐 Coke 500ml` → `kkklc500ml`.
 *  - Polyphones: for every Chinese character with more than one reading, the other readings'
 *    initials are also stored, so search matches either (重庆 → cq and zq). The variants are
 *    capped at MAX_VARIANTS (primary first), so a name full of polyphones stays bounded.
 *  - Each Latin word of the name (two letters or more) is also a key of its own, so `coke`
 *    finds `可口可乐 Coke 500ml` although the name does not start with it.
 * Keys are at most MAX_KEY_LENGTH characters (a longer name is cut: a prefix search still works).
 */
import { pinyin } from 'pinyin-pro';

export const MAX_VARIANTS = 8;
export const MAX_KEY_LENGTH = 32;

const HAN = /\p{Script=Han}/u;
const SEGMENTS = /(\p{Script=Han}+)|([A-Za-z0-9]+)/gu;

type Part = string[]; // the initials one position can take, primary first

/** Every reading's initial of one character (a bounded set: the characters of the catalog's names). */
const readings = new Map<string, string[]>();
function initialsOf(ch: string): string[] {
  let r = readings.get(ch);
  if (!r) {
    r = pinyin(ch, { pattern: 'first', toneType: 'none', type: 'array', multiple: true }).map((s) => s.toLowerCase());
    if (readings.size < 50_000) readings.set(ch, r);
  }
  return r;
}

function hanParts(run: string): Part[] {
  const primary = pinyin(run, { pattern: 'first', toneType: 'none', type: 'array' });
  const chars = [...run];
  return chars.map((ch, i) => {
    const first = (primary[i] ?? '').toLowerCase();
    const all = initialsOf(ch);
    const out = first && /^[a-z]$/.test(first) ? [first] : [];
    for (const a of all) if (/^[a-z]$/.test(a) && !out.includes(a)) out.push(a);
    return out.length > 0 ? out : [''];
  });
}

/** The primary 助记码 and the other keys of a name, primary first, no duplicates. */
export function mnemonicKeys(name: string): string[] {
  const text = name.normalize('NFKC');
  const parts: Part[] = [];
  const words: string[] = [];
  for (const m of text.matchAll(SEGMENTS)) {
    if (m[1]) parts.push(...hanParts(m[1]));
    else if (m[2]) {
      const tok = m[2].toLowerCase();
      if (/^[0-9]/.test(tok)) parts.push([tok]);
      else {
        parts.push([tok[0]!]);
        if (tok.length >= 2 && /[a-z]/.test(tok)) words.push(tok);
      }
    }
  }
  let variants = [''];
  for (const p of parts) {
    const next: string[] = [];
    for (const v of variants) for (const alt of p) if (next.length < MAX_VARIANTS) next.push(v + alt);
    // The primary (first alternative of every part) always stays first.
    variants = next;
  }
  const keys: string[] = [];
  const add = (k: string) => {
    const cut = k.slice(0, MAX_KEY_LENGTH);
    if (cut !== '' && !keys.includes(cut)) keys.push(cut);
  };
  for (const v of variants) add(v);
  for (const w of words) add(w);
  return keys;
}

/** The primary 助记码 (what the products list shows). Empty when the name has no letters. */
export function mnemonicOf(name: string): string {
  return mnemonicKeys(name)[0] ?? '';
}

/** Whether a name has any Chinese character (tests and the screen's hint). */
export const hasHan = (s: string): boolean => HAN.test(s);
