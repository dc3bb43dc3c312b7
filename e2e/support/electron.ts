import { findElectronBinary } from '../../scripts/electron-binary.mjs';

/** The Electron binary for `_electron.launch`, or why this machine has none (the test then skips and says so). */
export function electronBinary(): { path: string } | { reason: string } {
  const found = findElectronBinary();
  return found.found ? { path: found.path } : { reason: found.reason };
}
