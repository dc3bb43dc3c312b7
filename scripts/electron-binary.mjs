// Where the Electron binary is, without loading the `electron` package: from version 42 on,
// `require('electron')` downloads the binary on first use, and that download cannot work here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {{ found: true, path: string } | { found: false, reason: string }} */
export function findElectronBinary() {
  if (process.env.COUNTERPAY_ELECTRON_BINARY) {
    const p = process.env.COUNTERPAY_ELECTRON_BINARY;
    return fs.existsSync(p)
      ? { found: true, path: p }
      : { found: false, reason: `COUNTERPAY_ELECTRON_BINARY=${p} does not exist` };
  }
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(pkg)) return { found: false, reason: 'the electron package is not installed' };
  const pathTxt = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathTxt)) {
    return {
      found: false,
      reason:
        'the Electron binary was never downloaded (node_modules/electron/path.txt is missing); this machine cannot reach its download host',
    };
  }
  const exe = path.join(pkg, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(exe)
    ? { found: true, path: exe }
    : { found: false, reason: `the Electron binary ${exe} is missing` };
}
