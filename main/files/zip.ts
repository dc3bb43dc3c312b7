import { deflateSync, zipSync, type Zippable } from 'fflate';

/**
 * The app's zip writer, on fflate: the diagnostics bundle (main/diagnostics) and the XLSX
 * workbooks (main/files/xlsx.ts) are written through it. fflate marks non-ASCII names as
 * UTF-8 (general-purpose flag bit 11), so Chinese file names open correctly in Windows
 * Explorer and `unzip`. What fflate leaves to us: safe, unique entry names, and storing
 * (method 0) what deflate would make bigger.
 */

export interface ZipEntry {
  /** Path inside the archive, with forward slashes. */
  name: string;
  data: Buffer | string;
  /** Modification time stored in the entry (DOS time, local clock). Default: now. */
  mtime?: Date;
}

const DOS_MIN = new Date(1980, 0, 1).getTime();
const DOS_MAX = new Date(2099, 11, 31, 23, 59, 58).getTime();

const UNIX = 3;
const REGULAR_FILE = (0o100644 << 16) >>> 0;

function checkName(name: string): void {
  if (
    name === '' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    name.split('/').includes('..') ||
    name.includes('\0')
  ) {
    throw new Error(`zip: bad entry name ${JSON.stringify(name)}`);
  }
}

/** Build a complete ZIP archive in memory. */
export function createZip(entries: readonly ZipEntry[], now: () => number = Date.now): Buffer {
  if (entries.length > 0xffff) throw new Error('zip: too many entries (ZIP64 not supported)');
  const files: Zippable = {};
  for (const entry of entries) {
    checkName(entry.name);
    if (Object.hasOwn(files, entry.name)) throw new Error(`zip: duplicate entry ${entry.name}`);
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const mtime = Math.min(Math.max((entry.mtime ?? new Date(now())).getTime(), DOS_MIN), DOS_MAX);
    // Store what does not compress (random bytes, already-compressed files).
    const level = raw.length === 0 || deflateSync(raw, { level: 9 }).length >= raw.length ? 0 : 9;
    // Made by Unix with rw-r--r-- (without it, Info-ZIP `unzip` reads names as DOS code page 437).
    files[entry.name] = [
      new Uint8Array(raw.buffer, raw.byteOffset, raw.length),
      { level, mtime, os: UNIX, attrs: REGULAR_FILE },
    ];
  }
  const out = zipSync(files);
  return Buffer.from(out.buffer, out.byteOffset, out.length);
}
