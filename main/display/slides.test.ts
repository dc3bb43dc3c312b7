import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../store/test-helpers.js';
import { listSlides, resolveSlide, SLIDE_MAX_BYTES } from './slides.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function folder(): { dir: string; outside: string } {
  const root = tempDir('cp-slides-');
  cleanups.push(root.cleanup);
  const dir = path.join(root.dir, 'slides');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(root.dir, 'secret.png'), 'outside the folder');
  fs.writeFileSync(path.join(dir, 'b.jpg'), 'jpg');
  fs.writeFileSync(path.join(dir, 'a.png'), 'png');
  fs.writeFileSync(path.join(dir, 'c.WEBP'), 'webp');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'text');
  fs.writeFileSync(path.join(dir, '.hidden.png'), 'hidden');
  fs.writeFileSync(path.join(dir, 'empty.png'), '');
  fs.mkdirSync(path.join(dir, 'sub.png'));
  fs.symlinkSync(path.join(root.dir, 'secret.png'), path.join(dir, 'link.png'));
  return { dir, outside: root.dir };
}

describe('the slideshow folder', () => {
  it('lists only the png/jpg/webp files inside it, sorted', () => {
    const { dir } = folder();
    expect(listSlides(dir)).toEqual(['a.png', 'b.jpg', 'c.WEBP']);
    expect(listSlides(null)).toEqual([]);
    expect(listSlides(path.join(dir, 'missing'))).toEqual([]);
  });

  it('resolves an image inside it with its content type', () => {
    const { dir } = folder();
    expect(resolveSlide(dir, 'a.png')).toMatchObject({ contentType: 'image/png', size: 3 });
    expect(resolveSlide(dir, 'b.jpg')?.contentType).toBe('image/jpeg');
    expect(resolveSlide(dir, 'c.WEBP')?.contentType).toBe('image/webp');
  });

  it('refuses traversal, absolute paths, symlinks out, other types, hidden, empty and directories', () => {
    const { dir, outside } = folder();
    for (const name of [
      '../secret.png',
      '..%2Fsecret.png',
      '..\\secret.png',
      'sub/../a.png',
      path.join(outside, 'secret.png'),
      'link.png',
      'notes.txt',
      '.hidden.png',
      'empty.png',
      'sub.png',
      'missing.png',
      'a.png\0.txt',
      '',
    ]) {
      expect(resolveSlide(dir, name), name).toBeNull();
    }
    expect(resolveSlide(null, 'a.png')).toBeNull();
  });

  it('refuses an image over the size cap', () => {
    const { dir } = folder();
    fs.writeFileSync(path.join(dir, 'huge.png'), Buffer.alloc(SLIDE_MAX_BYTES + 1));
    expect(resolveSlide(dir, 'huge.png')).toBeNull();
    expect(listSlides(dir)).not.toContain('huge.png');
  });
});
