import { describe, expect, it } from 'vitest';
import { cashSuggestions } from './CashDialog.js';

describe('cash suggestions', () => {
  it('offers the exact amount and the next 10 / 50 / 100 yuan, each once and never less than due', () => {
    expect(cashSuggestions(28_000)).toEqual([28_000, 30_000]);
    expect(cashSuggestions(1250)).toEqual([1250, 2000, 5000, 10_000]);
    expect(cashSuggestions(10_000)).toEqual([10_000]);
  });
});
