/**
 * Generates resources/sounds/scan-ok.wav and scan-error.wav: tiny 16-bit mono PCM WAVs computed
 * here, so the repository carries no opaque audio. Run `npx tsx scripts/make-sounds.ts`; the
 * output is deterministic and committed.
 *
 *  - scan-ok:    one short bright beep (1.8 kHz, 80 ms) — the sound of an accepted scan.
 *  - scan-error: a low falling double tone (440 Hz then 330 Hz) — distinct even in a noisy hall.
 * Every tone has 5 ms fades so the speaker does not click.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLE_RATE = 22_050;

export interface Tone {
  hz: number;
  ms: number;
  /** 0..1 */
  gain: number;
}
export type Segment = Tone | { silenceMs: number };

export const SOUNDS: Record<'scan-ok' | 'scan-error', Segment[]> = {
  'scan-ok': [{ hz: 1800, ms: 80, gain: 0.45 }],
  'scan-error': [{ hz: 440, ms: 130, gain: 0.55 }, { silenceMs: 40 }, { hz: 330, ms: 180, gain: 0.55 }],
};

function samplesFor(segments: Segment[]): Int16Array {
  const total = segments.reduce(
    (n, s) => n + Math.round((('silenceMs' in s ? s.silenceMs : s.ms) * SAMPLE_RATE) / 1000),
    0,
  );
  const out = new Int16Array(total);
  let at = 0;
  for (const s of segments) {
    if ('silenceMs' in s) {
      at += Math.round((s.silenceMs * SAMPLE_RATE) / 1000);
      continue;
    }
    const n = Math.round((s.ms * SAMPLE_RATE) / 1000);
    const fade = Math.round(0.005 * SAMPLE_RATE);
    for (let i = 0; i < n; i++) {
      const env = Math.min(1, i / fade, (n - 1 - i) / fade);
      // A little third harmonic makes small PC speakers sound less thin.
      const phase = (2 * Math.PI * s.hz * i) / SAMPLE_RATE;
      const v = (Math.sin(phase) + 0.15 * Math.sin(3 * phase)) / 1.15;
      out[at + i] = Math.round(v * env * s.gain * 32767);
    }
    at += n;
  }
  return out;
}

export function renderWav(segments: Segment[]): Uint8Array {
  const pcm = samplesFor(segments);
  const dataBytes = pcm.length * 2;
  const buf = new ArrayBuffer(44 + dataBytes);
  const v = new DataView(buf);
  const ascii = (off: number, s: string) => [...s].forEach((c, i) => v.setUint8(off + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // PCM fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, SAMPLE_RATE, true);
  v.setUint32(28, SAMPLE_RATE * 2, true); // byte rate
  v.setUint16(32, 2, true); // block align
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < pcm.length; i++) v.setInt16(44 + i * 2, pcm[i]!, true);
  return new Uint8Array(buf);
}

export const SOUNDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'sounds');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(SOUNDS_DIR, { recursive: true });
  for (const [name, segments] of Object.entries(SOUNDS)) {
    const wav = renderWav(segments);
    writeFileSync(join(SOUNDS_DIR, `${name}.wav`), wav);
    process.stderr.write(`wrote ${name}.wav (${wav.length} bytes)\n`);
  }
}
