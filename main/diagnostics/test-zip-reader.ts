import { unzipSync } from 'fflate';

/**
 * Tests read zips back with fflate's unzipper, independent of the writer's options (our
 * writer, main/files/zip.ts, only builds the entry list). Kept as a path for the tests that
 * import it; new tests can call `unzipSync` directly.
 */
export interface ReadEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  data: Buffer;
}

export function readZip(buf: Buffer): ReadEntry[] {
  const methods = new Map<string, number>();
  const files = unzipSync(new Uint8Array(buf.buffer, buf.byteOffset, buf.length), {
    filter: (f) => {
      methods.set(f.name, f.compression);
      return true;
    },
  });
  return Object.entries(files).map(([name, data]) => ({ name, method: methods.get(name)!, data: Buffer.from(data) }));
}
