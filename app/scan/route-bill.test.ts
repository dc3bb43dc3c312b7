import { describe, expect, it } from 'vitest';
import { classifyScan } from './classify.js';
import { COUNTER_MODES, routeScan } from './route.js';

/** A receipt's bill-number barcode (issue 13): 'open-bill' at an idle or building counter, refused elsewhere. */
describe('routeScan: the bill number printed on a receipt', () => {
  const scanned = classifyScan(']C0T01-261204-143005-0007\r');

  it('is classified unknown, with the bill number as its text', () => {
    expect(scanned).toMatchObject({ category: 'unknown', text: 'T01-261204-143005-0007' });
  });

  it('opens the bill when the counter is idle or building, and never anything else', () => {
    for (const mode of COUNTER_MODES) {
      const r = routeScan(scanned, mode);
      if (mode === 'idle' || mode === 'building') expect(r).toEqual({ action: 'open-bill', beep: 'ok' });
      else if (mode === 'pairing') expect(r.action).toBe('pair');
      else expect(r.action).toBe('reject');
    }
  });

  it('other unknown texts stay unrecognised (a bill number must match in full)', () => {
    for (const text of ['T01-261204-143005-007', 'T01-261204-143005-00071', 'hello', 'T01_261204_143005_0007']) {
      expect(routeScan(classifyScan(text), 'idle')).toMatchObject({ action: 'reject', reason: 'unrecognised' });
    }
    // Without its text (older callers), nothing is a bill number.
    expect(routeScan({ category: 'unknown', matchesCardPattern: false }, 'idle').action).toBe('reject');
  });
});
