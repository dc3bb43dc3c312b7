#!/usr/bin/env node
// Draws the Counterpay application icon in code and writes it to resources/icons/:
//   16x16.png … 1024x1024.png   (Linux icon set; electron-builder picks them up by name)
//   icon.png                     (1024 px, macOS dmg / generic)
//   icon.ico                     (Windows: 16–128 px as 32-bit DIBs, 256 px as PNG, the usual layout)
// The glyph is a white yuan sign (¥) on a rounded teal square, anti-aliased by supersampling a
// signed-distance shape. No dependencies: PNG and ICO are written with node:zlib.
// Run: node scripts/make-icons.mjs   (the files are committed; rerun only to change the design)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'resources', 'icons');

const BG_TOP = [0x13, 0x8a, 0x72]; // teal
const BG_BOTTOM = [0x0b, 0x5e, 0x4f];
const FG = [0xff, 0xff, 0xff];

// --- geometry in unit coordinates (0..1, y down) ------------------------------------------
function sdRoundedBox(px, py, cx, cy, hw, hh, r) {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0) - r;
}
function sdSegment(px, py, ax, ay, bx, by) {
  const pax = px - ax;
  const pay = py - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const h = Math.min(Math.max((pax * bax + pay * bay) / (bax * bax + bay * bay), 0), 1);
  return Math.hypot(pax - bax * h, pay - bay * h);
}
// ¥: two arms meeting at the centre, a stem, two bars. Stroke half-width w (round caps).
const W = 0.048;
const glyph = [
  [0.33, 0.235, 0.5, 0.47],
  [0.67, 0.235, 0.5, 0.47],
  [0.5, 0.47, 0.5, 0.785],
  [0.36, 0.535, 0.64, 0.535],
  [0.36, 0.66, 0.64, 0.66],
];
function sdGlyph(px, py) {
  let d = Infinity;
  for (const [ax, ay, bx, by] of glyph) d = Math.min(d, sdSegment(px, py, ax, ay, bx, by) - W);
  return d;
}

/** RGBA pixels of the icon at `size` px, 4x4 supersampled. */
function render(size) {
  const px = Buffer.alloc(size * size * 4);
  const S = 4;
  // Small icons get a slightly larger margin-free box and bolder glyph for legibility.
  const margin = size <= 32 ? 0.02 : 0.06;
  const radius = size <= 32 ? 0.16 : 0.2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bgCover = 0;
      let fgCover = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size;
          const v = (y + (sy + 0.5) / S) / size;
          if (sdRoundedBox(u, v, 0.5, 0.5, 0.5 - margin, 0.5 - margin, radius) <= 0) {
            bgCover++;
            const boost = size <= 32 ? 0.012 : 0;
            if (sdGlyph(u, v) - boost <= 0) fgCover++;
          }
        }
      }
      const n = S * S;
      const a = bgCover / n;
      const f = bgCover === 0 ? 0 : fgCover / bgCover;
      const t = y / Math.max(1, size - 1);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        const bg = BG_TOP[c] * (1 - t) + BG_BOTTOM[c] * t;
        px[i + c] = Math.round(bg * (1 - f) + FG[c] * f);
      }
      px[i + 3] = Math.round(a * 255);
    }
  }
  return px;
}

// --- PNG ----------------------------------------------------------------------------------
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- ICO ----------------------------------------------------------------------------------
/** A 32-bit BGRA DIB (BITMAPINFOHEADER, bottom-up, with an AND mask) for an ICO entry. */
function encodeDib(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR + AND masks
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(0, 16); // BI_RGB
  const xor = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = (y * size + x) * 4;
      const d = ((size - 1 - y) * size + x) * 4;
      xor[d] = rgba[s + 2];
      xor[d + 1] = rgba[s + 1];
      xor[d + 2] = rgba[s];
      xor[d + 3] = rgba[s + 3];
    }
  }
  const rowBytes = Math.ceil(size / 32) * 4;
  const and = Buffer.alloc(rowBytes * size); // all zero: alpha channel decides
  header.writeUInt32LE(xor.length + and.length, 20);
  return Buffer.concat([header, xor, and]);
}
function encodeIco(images) {
  const dir = Buffer.alloc(6);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e[2] = 0;
    e[3] = 0;
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([dir, ...entries, ...images.map((i) => i.data)]);
}

// --- write ----------------------------------------------------------------------------------
fs.mkdirSync(outDir, { recursive: true });
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const rendered = new Map();
for (const size of sizes) {
  const rgba = render(size);
  rendered.set(size, rgba);
  fs.writeFileSync(path.join(outDir, `${size}x${size}.png`), encodePng(size, rgba));
}
fs.writeFileSync(path.join(outDir, 'icon.png'), encodePng(1024, rendered.get(1024)));
const ico = encodeIco([
  ...[16, 24, 32, 48, 64, 128].map((size) => ({ size, data: encodeDib(size, rendered.get(size)) })),
  { size: 256, data: encodePng(256, rendered.get(256)) },
]);
fs.writeFileSync(path.join(outDir, 'icon.ico'), ico);
process.stderr.write(`icons: wrote ${sizes.length + 2} files to ${path.relative(root, outDir)}\n`);
