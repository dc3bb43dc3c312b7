import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config.js';
import { createReceiptLayoutHandlers } from './receipt-layout.js';

const ctx = { transport: 'memory' as const, connectionId: 'c1' };

describe('receipt.layout', () => {
  it('gives the saved paper width and the shop texts from config.json', async () => {
    const config = parseConfig(
      {
        printer: { paperWidthMm: 58 },
        receipt: { shopName: '西湖景区', headerLines: ['龙井路 1 号'], footerLines: ['谢谢惠顾'], autoPrint: true },
      },
      'config.json',
    );
    const { 'receipt.layout': layout } = createReceiptLayoutHandlers({ config });
    expect(await layout({}, ctx)).toEqual({
      paperWidthMm: 58,
      texts: { shopName: '西湖景区', headerLines: ['龙井路 1 号'], footerLines: ['谢谢惠顾'], autoPrint: true },
    });
    const defaults = createReceiptLayoutHandlers({ config: parseConfig({}, 'config.json') })['receipt.layout'];
    expect(await defaults({}, ctx)).toEqual({
      paperWidthMm: 80,
      texts: { shopName: null, headerLines: [], footerLines: [], autoPrint: false },
    });
  });

  it('refuses receipt texts over the limits, naming the field', () => {
    try {
      parseConfig({ receipt: { headerLines: ['x'.repeat(33)] } }, 'config.json');
      throw new Error('should have failed');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues).toEqual([
        expect.objectContaining({ field: 'receipt.headerLines.0', message: expect.stringContaining('32') }),
      ]);
    }
  });
});
