import { describe, expect, it } from 'vitest';
import { CATALOGS, fill, LOCALES, NAMESPACES, text } from './instance.js';

/**
 * The check for missing keys: every namespace has the same keys in every language, with the
 * same `{name}` placeholders. Keys used in code are checked by the compiler (typed resources
 * in ./i18next-resources.d.ts and the helpers' key types).
 */

type Tree = { [k: string]: string | Tree };

/** Flatten a namespace to path → text. */
function flatten(v: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, x] of Object.entries(v)) {
    const path = prefix ? `${prefix}/${k}` : k;
    if (typeof x === 'string') out.set(path, x);
    else flatten(x, path, out);
  }
  return out;
}

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Problems between a reference namespace and another language's copy of it. */
function catalogProblems(ref: Tree, other: Tree): string[] {
  const a = flatten(ref);
  const b = flatten(other);
  const p: string[] = [];
  for (const k of a.keys()) if (!b.has(k)) p.push(`missing: ${k}`);
  for (const k of b.keys()) if (!a.has(k)) p.push(`extra: ${k}`);
  for (const [k, s] of a) {
    const t = b.get(k);
    if (t === undefined) continue;
    if (s !== '' && t.trim() === '') p.push(`empty: ${k}`);
    if (holes(s).join() !== holes(t).join()) p.push(`placeholders differ: ${k}`);
  }
  return p;
}

describe('catalogs', () => {
  it('finds the problems it is meant to find', () => {
    expect(catalogProblems({ a: 'x {n}', b: 'y', c: { d: 'z' } }, { a: 'x {m}', e: 'y', c: { d: '' } })).toEqual([
      'missing: b',
      'extra: e',
      'placeholders differ: a',
      'empty: c/d',
    ]);
  });

  it('has the same namespaces in every language', () => {
    for (const locale of LOCALES) expect(Object.keys(CATALOGS[locale]).sort()).toEqual([...NAMESPACES].sort());
  });

  it.each(NAMESPACES)('%s: every zh-CN key exists in English and back, with the same placeholders', (ns) => {
    expect(catalogProblems(CATALOGS['zh-CN'][ns] as Tree, CATALOGS.en[ns] as Tree)).toEqual([]);
  });
});

describe('substitution (one implementation, i18next)', () => {
  it('fills {name} placeholders and leaves one without a value as it is', () => {
    expect(text('zh-CN', 'supervisor', 'gate.as', { name: '王芳', no: '9001' })).toBe('授权人：王芳（9001）');
    expect(text('en', 'supervisor', 'gate.as', { name: 'Wang' })).toBe(
      CATALOGS.en.supervisor['gate.as'].replace('{name}', 'Wang'),
    );
    expect(text('en', 'supervisor', 'gate.as', { name: 'Wang' })).toContain('{no}');
    expect(fill('第 {i} 行超过 {c} 字', { i: 2 })).toBe('第 2 行超过 {c} 字');
    expect(fill('{a}{a}', { a: 0 })).toBe('00');
  });

  it('does not escape values and does not take them as i18next options', () => {
    expect(fill('{x}', { x: '<b>&"' })).toBe('<b>&"');
    // `lng`, `ns` and `count` are plain placeholder values here, not a language, namespace or plural.
    expect(text('zh-CN', 'messages', 'link.outbox', { n: 3, lng: 'en', ns: 'errors', count: 2 })).toBe('待上传 3 笔');
  });

  it('keeps dotted keys flat', () => {
    expect(text('en', 'messages', 'app.title')).toBe(CATALOGS.en.messages['app.title']);
  });
});
