import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCycles, findCycles, resolveSpecifier } from './check-cycles.js';

const graph = (edges: Record<string, string[]>) =>
  new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)] as [string, Set<string>]));

describe('import cycles', () => {
  it('finds a two-file cycle, a longer one and a self-import, and nothing in a tree', () => {
    expect(findCycles(graph({ a: ['b'], b: ['a'] }))).toEqual([['a', 'b']]);
    expect(findCycles(graph({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(findCycles(graph({ a: ['a'] }))).toEqual([['a']]);
    expect(findCycles(graph({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });
  it('resolves .js specifiers to TypeScript sources and folders to their index', () => {
    const files = new Set(['/r/main/log.ts', '/r/renderer/App.tsx', '/r/main/store/index.ts']);
    const exists = (p: string) => files.has(p);
    expect(resolveSpecifier('/r/main/core.ts', './log.js', exists)).toBe('/r/main/log.ts');
    expect(resolveSpecifier('/r/renderer/main.tsx', './App.js', exists)).toBe('/r/renderer/App.tsx');
    expect(resolveSpecifier('/r/main/core.ts', './store', exists)).toBe('/r/main/store/index.ts');
    expect(resolveSpecifier('/r/main/core.ts', 'zod', exists)).toBeNull();
  });
  it('the repository has no import cycle, type-only imports included', () => {
    const { files, cycles } = checkCycles(path.resolve(import.meta.dirname, '..'));
    expect(files).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });
});
