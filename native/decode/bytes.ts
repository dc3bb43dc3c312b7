/** Small byte helpers shared by decoders, encoders, fixtures and the manager. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:_-]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${hex.slice(0, 40)}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Barcode bytes to text. Payment and product codes are ASCII; QR codes may carry UTF-8 (Chinese
 * text). Invalid sequences become U+FFFD rather than throwing. NULs are dropped.
 */
export function decodeText(bytes: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  let s: string;
  if (ascii) {
    s = '';
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return utf8.decode(bytes).replace(/\u0000/g, '');
}

export function asciiBytes(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) throw new Error('asciiBytes: non-ASCII');
    out.push(c);
  }
  return out;
}

/** A growable byte buffer with a hard cap. */
export class ByteAccumulator {
  private buf: Uint8Array;
  private len = 0;
  constructor(private readonly cap: number) {
    this.buf = new Uint8Array(Math.min(cap, 256));
  }
  get length(): number {
    return this.len;
  }
  /** Append; returns false (and appends nothing) when the cap would be exceeded. */
  append(src: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (n <= 0) return true;
    if (this.len + n > this.cap) return false;
    if (this.len + n > this.buf.length) {
      const next = new Uint8Array(Math.min(this.cap, Math.max(this.buf.length * 2, this.len + n)));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(src.subarray(start, end), this.len);
    this.len += n;
    return true;
  }
  take(): Uint8Array {
    const out = this.buf.slice(0, this.len);
    this.len = 0;
    return out;
  }
  clear(): void {
    this.len = 0;
  }
}
