import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../app/result.js';
import { listAudit } from './audit.js';
import { createSettings } from './settings.js';
import { tempStore, type TempStore } from './test-helpers.js';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => t.cleanup());

describe('settings', () => {
  it('stores typed values, validates them both ways, audits changes', () => {
    const s = createSettings({ store: t.store, now: () => t.clock.t });
    expect(s.get('receipt.paperWidthMm')).toBeUndefined();
    expect(s.getOr('receipt.paperWidthMm', 80)).toBe(80);
    expect(s.set('receipt.paperWidthMm', 58, { by: 'S01' })).toBe(58);
    const width: 58 | 80 | undefined = s.get('receipt.paperWidthMm');
    expect(width).toBe(58);
    expect(() => s.set('receipt.paperWidthMm', 70 as 80)).toThrow(AppError);
    expect(() => s.set('nope' as 'ui.locale', 'en')).toThrow(/unknown setting/);
    s.set('receipt.header', '欢迎光临');
    expect(s.all()).toEqual({ 'receipt.paperWidthMm': 58, 'receipt.header': '欢迎光临' });
    expect(listAudit(t.store, { action: 'setting.set' }).map((a) => a.subject)).toEqual([
      'setting:receipt.header',
      'setting:receipt.paperWidthMm',
    ]);
    s.set('sync.lastAckAt', 5, { audit: false });
    expect(listAudit(t.store, { action: 'setting.set' })).toHaveLength(2);
    expect(s.delete('receipt.header')).toBe(true);
    expect(s.delete('receipt.header')).toBe(false);
    // A stored value that no longer validates is reported, not silently used.
    t.store.db.prepare("UPDATE settings SET value = '\"wide\"' WHERE key = 'receipt.paperWidthMm'").run();
    expect(() => s.get('receipt.paperWidthMm')).toThrow(/receipt.paperWidthMm/);
  });

  it('accepts a caller-defined schema map', () => {
    const s = createSettings({ store: t.store, now: () => 1, schemas: { 'x.count': z.number().int() } });
    s.set('x.count', 3);
    expect(s.get('x.count')).toBe(3);
  });
});
