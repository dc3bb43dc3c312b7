/** Where the Electron binary is, without loading the `electron` package (see electron-binary.mjs). */
export function findElectronBinary(): { found: true; path: string } | { found: false; reason: string };
