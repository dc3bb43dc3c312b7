import fs from 'node:fs';
import path from 'node:path';

/**
 * The customer display's idle slideshow: images from the one folder the installer chose
 * (config `display.slidesDir`). Only png/jpg/webp files directly inside it, each at most
 * SLIDE_MAX_BYTES, are listed or served; a name is a bare file name (no separators, no `..`),
 * and the file's real path must still be inside the folder (a symlink out of it is refused).
 */
export const SLIDE_MAX_BYTES = 10 * 1024 * 1024;
export const SLIDE_MAX_COUNT = 200;

const SLIDE_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** A bare image file name: letters, digits, CJK, `._-` and spaces; no separators, not hidden. */
const NAME = /^[^./\\\0][^/\\\0]{0,199}$/;

export function slideContentType(name: string): string | null {
  return SLIDE_TYPES[path.extname(name).toLowerCase()] ?? null;
}

function realDir(dir: string): string | null {
  try {
    const real = fs.realpathSync(dir);
    return fs.statSync(real).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

/** The file to serve for `name`, or null (not an image, not inside the folder, too large, missing). */
export function resolveSlide(
  dir: string | null,
  name: string,
): { file: string; contentType: string; size: number } | null {
  if (dir === null || !NAME.test(name) || name.includes('..')) return null;
  const contentType = slideContentType(name);
  if (!contentType) return null;
  const root = realDir(dir);
  if (!root) return null;
  let real: string;
  try {
    real = fs.realpathSync(path.join(root, name));
  } catch {
    return null;
  }
  if (path.dirname(real) !== root) return null;
  const st = fs.statSync(real);
  if (!st.isFile() || st.size > SLIDE_MAX_BYTES || st.size === 0) return null;
  return { file: real, contentType, size: st.size };
}

/** The slideshow's images, by name (sorted); none when the folder is unset or unreadable. */
export function listSlides(dir: string | null): string[] {
  if (dir === null) return [];
  const root = realDir(dir);
  if (!root) return [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((n) => resolveSlide(root, n) !== null)
    .sort((a, b) => a.localeCompare(b))
    .slice(0, SLIDE_MAX_COUNT);
}
