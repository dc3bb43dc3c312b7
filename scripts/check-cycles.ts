#!/usr/bin/env tsx
/**
 * Import cycles, type-only imports included (docs/ARCHITECTURE.md, "Layers"): a module that
 * imports a type from a module that imports it back is still coupled to it. ESLint's
 * import-x/no-cycle skips type imports, so this check reads every import with TypeScript's own
 * pre-processor, resolves relative specifiers to source files and reports each strongly
 * connected component of more than one file. Runs inside the vitest suite
 * (scripts/check-cycles.test.ts) and on its own: `npx tsx scripts/check-cycles.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const TEST = /\.test\.[cm]?tsx?$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'test-results', 'playwright-report']);
const AREAS = ['app', 'main', 'native', 'renderer', 'scripts'];

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') && !TEST.test(entry.name)) out.push(p);
  }
}

/** `./x.js` in TypeScript source names `./x.ts`, `./x.tsx` or `./x/index.ts`. */
export function resolveSpecifier(fromFile: string, spec: string, exists: (p: string) => boolean): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), spec);
  const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ];
  for (const c of candidates) if (SOURCE.test(c) && exists(c)) return c;
  return null;
}

/** Tarjan's strongly connected components; returns those with a cycle (size > 1, or a self-import). */
export function findCycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const strong = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) strong(v);
  return out;
}

export function importGraph(root: string): Map<string, Set<string>> {
  const files: string[] = [];
  for (const area of AREAS) walk(path.join(root, area), files);
  const known = new Set(files);
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const edges = new Set<string>();
    for (const ref of info.importedFiles) {
      const target = resolveSpecifier(file, ref.fileName, (p) => known.has(p));
      if (target) edges.add(path.relative(root, target));
    }
    graph.set(path.relative(root, file), edges);
  }
  return graph;
}

export function checkCycles(root: string): { files: number; cycles: string[][] } {
  const graph = importGraph(root);
  return { files: graph.size, cycles: findCycles(graph) };
}

if (process.argv[1]?.endsWith('check-cycles.ts')) {
  const root = path.resolve(process.argv[2] ?? process.cwd());
  const { files, cycles } = checkCycles(root);
  for (const c of cycles) process.stderr.write(`cycle (${c.length} files): ${c.join(' → ')}\n`);
  process.stderr.write(`cycles: ${files} files checked, ${cycles.length} cycle(s)\n`);
  process.exit(cycles.length === 0 ? 0 : 1);
}
