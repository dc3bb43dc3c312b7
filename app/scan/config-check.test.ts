import { describe, expect, it } from 'vitest';
import { ScannerConfigSchema } from './config.js';
import { checkScannerConfig, checkScannerNumber, mergeScannerConfig, SCANNER_NUMBER_LIMITS } from './config-check.js';

const base = ScannerConfigSchema.parse({});

describe('scanner settings check', () => {
  it('reads its limits from the schemas', () => {
    expect(SCANNER_NUMBER_LIMITS['wedge.maxGapMs']).toEqual({ min: 5, max: 200, int: false, unit: 'ms' });
    expect(SCANNER_NUMBER_LIMITS['wedge.minLength']).toMatchObject({ min: 3, max: 64, int: true });
    expect(SCANNER_NUMBER_LIMITS['hid.pollIntervalMs']).toMatchObject({ min: 1000, max: 60_000, int: true });
  });

  it('accepts the defaults', () => {
    expect(checkScannerConfig(base)).toEqual([]);
  });

  it('names the field and the limit it broke, in both languages', () => {
    const [issue] = checkScannerConfig(mergeScannerConfig(base, { wedge: { maxGapMs: 500 } }));
    expect(issue).toMatchObject({ field: 'wedge.maxGapMs', limit: 200 });
    expect(issue!.zh).toContain('wedge.maxGapMs');
    expect(issue!.zh).toContain('200');
    expect(issue!.en).toMatch(/at most 200 ms/);
    expect(checkScannerNumber('wedge.minLength', '2')).toMatchObject({ field: 'wedge.minLength', limit: 3 });
    expect(checkScannerNumber('wedge.minLength', '4.5')?.en).toMatch(/whole number/);
    expect(checkScannerNumber('wedge.endGapMs', 'abc')?.en).toMatch(/must be a number/);
    expect(checkScannerNumber('wedge.endGapMs', '')?.field).toBe('wedge.endGapMs');
    expect(checkScannerNumber('hid.pollIntervalMs', 999)).toMatchObject({ limit: 1000 });
  });

  it('checks the rules between fields', () => {
    const issues = checkScannerConfig(mergeScannerConfig(base, { wedge: { maxGapMs: 60, endGapMs: 40 } }));
    expect(issues).toEqual([expect.objectContaining({ field: 'wedge.endGapMs', limit: 'wedge.maxGapMs' })]);
    expect(issues[0]!.en).toContain('wedge.maxGapMs = 60');
    expect(checkScannerConfig(mergeScannerConfig(base, { wedge: { minLength: 30, maxLength: 20 } }))).toEqual([
      expect.objectContaining({ field: 'wedge.maxLength', limit: 'wedge.minLength' }),
    ]);
  });

  it('checks the card pattern and clears it with an empty value', () => {
    expect(checkScannerConfig(mergeScannerConfig(base, { cardPattern: '8(\\d' }))).toEqual([
      expect.objectContaining({ field: 'cardPattern' }),
    ]);
    expect(checkScannerConfig(mergeScannerConfig(base, { cardPattern: '8\\d{11}' }))).toEqual([]);
    const cleared = mergeScannerConfig({ ...base, cardPattern: '8\\d{11}' }, { cardPattern: '' });
    expect('cardPattern' in cleared).toBe(false);
  });

  it('falls back to the schema for everything else', () => {
    expect(checkScannerConfig(mergeScannerConfig(base, { hid: { mode: 'sometimes' } }))).toEqual([
      expect.objectContaining({ field: 'hid.mode' }),
    ]);
  });
});
