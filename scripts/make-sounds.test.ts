import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderWav, SAMPLE_RATE, SOUNDS, SOUNDS_DIR } from './make-sounds.js';

describe('scan sounds', () => {
  for (const [name, segments] of Object.entries(SOUNDS)) {
    it(`${name}.wav is committed, valid PCM, and what the script generates`, () => {
      const file = new Uint8Array(readFileSync(join(SOUNDS_DIR, `${name}.wav`)));
      expect(Buffer.from(file).equals(Buffer.from(renderWav(segments)))).toBe(true);
      const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
      const tag = (off: number) => String.fromCharCode(...file.subarray(off, off + 4));
      expect([tag(0), tag(8), tag(12), tag(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
      expect(v.getUint16(20, true)).toBe(1); // PCM
      expect(v.getUint16(22, true)).toBe(1); // mono
      expect(v.getUint32(24, true)).toBe(SAMPLE_RATE);
      expect(v.getUint16(34, true)).toBe(16);
      const ms = (v.getUint32(40, true) / 2 / SAMPLE_RATE) * 1000;
      expect(ms).toBeGreaterThan(50);
      expect(ms).toBeLessThan(500); // short: a counter beeps hundreds of times an hour
      // Starts and ends silent (fades), and is not silent in between.
      expect(v.getInt16(44, true)).toBe(0);
      expect(v.getInt16(file.length - 2, true)).toBe(0);
      let peak = 0;
      for (let i = 44; i < file.length; i += 2) peak = Math.max(peak, Math.abs(v.getInt16(i, true)));
      expect(peak).toBeGreaterThan(10_000);
    });
  }
});
