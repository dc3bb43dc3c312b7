import { describe, expect, it } from 'vitest';
import { photoSrc } from './photo.js';
import { claimCampusScans, takeCampusScan } from './scan.js';

describe('校园卡套餐 in the page', () => {
  it('shows a student photo only from a source the CSP allows (same origin or an inline image)', () => {
    const origin = 'http://127.0.0.1:5000';
    expect(photoSrc('http://127.0.0.1:5000/p/1.jpg', origin)).toBe('http://127.0.0.1:5000/p/1.jpg');
    expect(photoSrc('data:image/png;base64,AAAA', origin)).toBe('data:image/png;base64,AAAA');
    expect(photoSrc('http://campus.example/p/1.jpg', origin)).toBeNull();
    expect(photoSrc('javascript:alert(1)', origin)).toBeNull();
    expect(photoSrc('not a url', origin)).toBeNull();
    expect(photoSrc(null, origin)).toBeNull();
  });

  it('takes every scan while the dialog is open, none after it closed', () => {
    const seen: string[] = [];
    expect(takeCampusScan('10129580')).toBe(false);
    const release = claimCampusScans((t) => seen.push(t));
    expect(takeCampusScan('134567890123456789')).toBe(true);
    release();
    expect(takeCampusScan('10129580')).toBe(false);
    expect(seen).toEqual(['134567890123456789']);
  });
});
