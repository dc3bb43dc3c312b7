import { describe, expect, it } from 'vitest';
import { localDay, refundSearchRequest } from './refund-search.js';

const NOW = new Date(2026, 11, 4, 15, 30, 12);

describe('refundSearchRequest', () => {
  it("is today's window (local time) when nothing is typed", () => {
    const day = localDay(NOW);
    expect(refundSearchRequest('', NOW)).toEqual(day);
    expect(new Date(day.from).getHours()).toBe(0);
    expect(day.to - day.from).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(day.from).toBeLessThanOrEqual(NOW.getTime());
    expect(day.to).toBeGreaterThan(NOW.getTime());
  });

  it('reads HH:mm (ASCII or full-width colon) as that minute today', () => {
    const at = new Date(2026, 11, 4, 14, 5).getTime();
    expect(refundSearchRequest('14:05', NOW)).toEqual({ from: at, to: at + 60_000 });
    expect(refundSearchRequest('14：05', NOW)).toEqual({ from: at, to: at + 60_000 });
    expect(refundSearchRequest(' 9:07 ', NOW).from).toBe(new Date(2026, 11, 4, 9, 7).getTime());
  });

  it('passes the end of a bill number or an amount on to main, within today', () => {
    const day = localDay(NOW);
    expect(refundSearchRequest('1772', NOW)).toEqual({ ...day, text: '1772' });
    expect(refundSearchRequest('¥12.50', NOW)).toEqual({ ...day, text: '12.50' });
    expect(refundSearchRequest('-1772-1', NOW)).toEqual({ ...day, text: '-1772-1' });
    // Not a time: 24:00, 14:5
    expect(refundSearchRequest('24:00', NOW).text).toBe('24:00');
    expect(refundSearchRequest('14:5', NOW).text).toBe('14:5');
  });
});
