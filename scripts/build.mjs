#!/usr/bin/env node
// Builds everything the shells run:
//   dist/renderer/        the renderer (Vite), loaded by both shells
//   dist/browser/main.js  the browser shell entry (Node, ESM)
//   dist/electron/main.cjs, preload.cjs  the Electron shell (CommonJS; preload runs sandboxed)
// Native modules and npm packages stay external (never bundled): better-sqlite3, node-hid, ws, electron.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const want = (part) => only.length === 0 || only.includes(part);
const started = Date.now();

if (want('renderer')) {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const common = {
  define: { __COUNTERPAY_VERSION__: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

if (want('main')) {
  await esbuild({
    ...common,
    entryPoints: { main: 'main/browser/main.ts' },
    outdir: 'dist/browser',
    format: 'esm',
    packages: 'external',
    banner: {
      js: "import { createRequire as __cpCreateRequire } from 'node:module'; const require = __cpCreateRequire(import.meta.url);",
    },
  });
  await esbuild({
    ...common,
    entryPoints: { main: 'main/electron/main.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    packages: 'external',
    // The core is ESM; in this CommonJS bundle import.meta is empty, so give it real values.
    define: { ...common.define, 'import.meta.url': '__cpImportMetaUrl', 'import.meta.dirname': '__dirname' },
    banner: { js: "const __cpImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  // The sandboxed preload cannot require npm packages: bundle zod and the contract into it.
  await esbuild({
    ...common,
    entryPoints: { preload: 'main/electron/preload.ts', 'display-preload': 'main/electron/display-preload.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron'],
  });
}
process.stderr.write(`build: done in ${Date.now() - started} ms\n`);
