#!/usr/bin/env tsx
/**
 * Process-boundary rules, checked on every test run (docs/ARCHITECTURE.md §3):
 *  - app/       imports nothing Node-, DOM- or Electron-specific, and nothing outside app/.
 *  - renderer/  imports only app/ and itself (plus browser packages): never main/, native/, Node or electron.
 *  - native/    imports app/ and itself; never main/, renderer/ or electron.
 *  - electron   is imported only by the Electron shell (main/electron/); tests never import it.
 * Imports are read with TypeScript's own pre-processor (static, dynamic and require()).
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const NODE_ONLY_PACKAGES = new Set([
  'better-sqlite3',
  'node-hid',
  'ws',
  'usb',
  'electron',
  'electron-updater',
  'esbuild',
  'vite',
]);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'test-results', 'playwright-report']);

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
}

function packageName(spec: string): string {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0] ?? spec;
}

function topFolder(root: string, absFile: string): string {
  const rel = path.relative(root, absFile).split(path.sep);
  return rel[0] ?? '';
}

export function checkFile(root: string, absFile: string, text: string): Violation[] {
  const rel = path.relative(root, absFile).split(path.sep).join('/');
  const area = topFolder(root, absFile);
  const inElectronShell = rel.startsWith('main/electron/');
  const isTest = /\.test\.[cm]?[jt]sx?$/.test(rel) || area === 'e2e';
  const info = ts.preProcessFile(text, true, true);
  const found: Violation[] = [];
  const lineOf = (pos: number) => text.slice(0, pos).split('\n').length;

  for (const ref of info.importedFiles) {
    const spec = ref.fileName;
    const line = lineOf(ref.pos);
    const add = (rule: string) => found.push({ file: rel, line, specifier: spec, rule });
    const isRelative = spec.startsWith('.') || spec.startsWith('/');
    const target = isRelative ? topFolder(root, path.resolve(path.dirname(absFile), spec)) : null;
    const pkg = isRelative ? null : packageName(spec);

    if (pkg === 'electron' && (!inElectronShell || isTest)) {
      add(
        isTest
          ? 'tests must never import electron at runtime (mock the Electron shell instead)'
          : 'only main/electron/ may import electron',
      );
      continue;
    }
    if (area === 'app') {
      if (target !== null && target !== 'app') add('app/ may only import from app/');
      if (pkg && (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(pkg) || NODE_ONLY_PACKAGES.has(pkg)) && !isTest) {
        add('app/ must stay framework-free: no Node, native or Electron modules');
      }
      if (pkg === 'react' || pkg === 'react-dom' || pkg === 'zustand') add('app/ must not depend on the UI framework');
    } else if (area === 'renderer') {
      if (target !== null && target !== 'renderer' && target !== 'app')
        add('renderer/ may only import app/ and renderer/');
      if (pkg && (NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(pkg) || NODE_ONLY_PACKAGES.has(pkg)) && !isTest) {
        add('renderer/ runs in the page: no Node, native or Electron modules');
      }
    } else if (area === 'native') {
      if (target !== null && target !== 'native' && target !== 'app') add('native/ may only import app/ and native/');
    } else if (area === 'main' && !inElectronShell) {
      if (target === 'renderer') add('main/ must not import renderer/');
    }
  }
  return found;
}

export function checkBoundaries(root: string): { files: number; violations: Violation[] } {
  const files: string[] = [];
  for (const dir of ['app', 'main', 'native', 'renderer', 'e2e', 'scripts']) walk(path.join(root, dir), files);
  const violations = files.flatMap((f) => checkFile(root, f, fs.readFileSync(f, 'utf8')));
  return { files: files.length, violations };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('check-boundaries.ts')) {
  const root = path.resolve(process.argv[2] ?? process.cwd());
  const { files, violations } = checkBoundaries(root);
  for (const v of violations) process.stderr.write(`${v.file}:${v.line}  '${v.specifier}'  — ${v.rule}\n`);
  process.stderr.write(`boundaries: ${files} files checked, ${violations.length} violation(s)\n`);
  process.exit(violations.length === 0 ? 0 : 1);
}
