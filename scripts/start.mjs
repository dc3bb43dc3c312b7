#!/usr/bin/env node
// `npm start`: build, then launch the Electron shell when its binary is present; otherwise start
// the browser shell and print the URL to open, saying why.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forceBrowser = process.argv.includes('--browser') || process.env.COUNTERPAY_SHELL === 'browser';

await import('./build.mjs');

function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = findElectronBinary();
if (!forceBrowser && electron.found) {
  run(electron.path, [path.join(root, 'dist', 'electron', 'main.cjs')]);
} else {
  if (!forceBrowser) {
    process.stderr.write(`Electron is not available: ${electron.reason}.\nStarting the browser shell instead.\n`);
  }
  run(process.execPath, [path.join(root, 'dist', 'browser', 'main.js')]);
}
