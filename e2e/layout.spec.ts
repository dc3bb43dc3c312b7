import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screenshot, type ShellInfo } from './fixtures.js';
import { startFeedReceiver, type FeedReceiver } from '../main/sync/feed-receiver.js';
import { counterTest as test, scannerBurst, signIn, startCounterShell } from './support/counter.js';

/**
 * Issue 11 item 27: on the small counter screens (1024×768, common on older counter PCs, and
 * 1366×768) the header and the function-key bar each fit on one row, in both languages, nothing
 * in them overflows, and the entry's placeholder is not cut off. Screenshots of each size and
 * language land in test-results/screenshots/layout-*.png.
 */

interface BarFit {
  height: number;
  /** Height of the tallest child: one row means the bar is no taller than that plus padding. */
  rowHeight: number;
  /** Distinct top edges of the children (one row = one value). */
  rows: number;
  /** Children whose box leaves the bar, or whose text is wider than their box. */
  overflowing: string[];
}

async function measureBar(page: Page, selector: string): Promise<BarFit> {
  return page.evaluate((sel) => {
    const g = globalThis as unknown as {
      document: { querySelector(s: string): unknown };
    };
    interface Box {
      top: number;
      bottom: number;
      left: number;
      right: number;
      height: number;
    }
    interface El {
      getBoundingClientRect(): Box;
      children: ArrayLike<El>;
      scrollWidth: number;
      clientWidth: number;
      textContent: string | null;
      getAttribute(n: string): string | null;
    }
    const bar = g.document.querySelector(sel) as El | null;
    if (!bar) throw new Error(`no ${sel}`);
    const b = bar.getBoundingClientRect();
    // Leaf-ish items: the bar's children, and the children of its groups (header left/right).
    const items: El[] = [];
    for (const c of Array.from(bar.children)) {
      const kids = Array.from(c.children);
      const isGroup = c.getAttribute('data-bar-group') !== null;
      if (isGroup) items.push(...kids);
      else items.push(c);
    }
    const tops = new Set<number>();
    let rowHeight = 0;
    const overflowing: string[] = [];
    for (const el of items) {
      const r = el.getBoundingClientRect();
      if (r.height === 0) continue;
      tops.add(Math.round(r.top));
      rowHeight = Math.max(rowHeight, r.height);
      const label = (el.getAttribute('data-testid') ?? el.textContent ?? '?').trim().slice(0, 40);
      if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)
        overflowing.push(`${label}: outside the bar`);
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
        overflowing.push(`${label}: text wider than its box`);
    }
    // Items of one row may differ in height and be centred: group tops within 12 px.
    const sorted = [...tops].sort((x, y) => x - y);
    let rows = 0;
    let last = -Infinity;
    for (const t of sorted) {
      if (t - last > 12) rows++;
      last = t;
    }
    return { height: b.height, rowHeight, rows, overflowing };
  }, selector);
}

async function placeholderFits(
  page: Page,
  selector: string,
): Promise<{ fits: boolean; text: string; width: number; needed: number }> {
  return page.evaluate((sel) => {
    const g = globalThis as unknown as {
      document: { querySelector(s: string): unknown; createElement(t: string): unknown };
      getComputedStyle(
        e: unknown,
        pseudo?: string,
      ): {
        fontStyle: string;
        fontWeight: string;
        fontSize: string;
        fontFamily: string;
        paddingLeft: string;
        paddingRight: string;
      };
    };
    const input = g.document.querySelector(sel) as { placeholder: string; clientWidth: number } | null;
    if (!input) throw new Error(`no ${sel}`);
    const canvas = g.document.createElement('canvas') as {
      getContext(t: string): { font: string; measureText(s: string): { width: number } };
    };
    const ctx = canvas.getContext('2d');
    const cs = g.getComputedStyle(input, '::placeholder');
    const box = g.getComputedStyle(input);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const needed =
      ctx.measureText(input.placeholder).width + parseFloat(box.paddingLeft) + parseFloat(box.paddingRight);
    return {
      fits: needed <= input.clientWidth + 0.5,
      text: input.placeholder,
      width: input.clientWidth,
      needed: Math.ceil(needed),
    };
  }, selector);
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test(`header and function-key bar fit on one row at ${size.width}×${size.height}, zh-CN and English`, async ({
    page,
    shell,
  }) => {
    await page.setViewportSize(size);
    await page.goto(shell.openUrl);
    await signIn(page);
    await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'idle');
    for (const locale of ['zh-CN', 'en'] as const) {
      if ((await page.locator('html').getAttribute('lang')) !== locale) {
        await page.getByTestId('locale-toggle').click();
      }
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      for (const [name, sel] of [
        ['header', '[data-testid="status-bar"]'],
        ['function-key bar', '[data-testid="key-hints"]'],
      ] as const) {
        const fit = await measureBar(page, sel);
        expect.soft(fit.rows, `${name} rows at ${size.width}, ${locale}`).toBe(1);
        expect
          .soft(fit.height, `${name} height at ${size.width}, ${locale} (one row is ${fit.rowHeight}px)`)
          .toBeLessThanOrEqual(fit.rowHeight + 20);
        expect.soft(fit.overflowing, `${name} overflow at ${size.width}, ${locale}`).toEqual([]);
      }
      const ph = await placeholderFits(page, '#entry-input');
      expect
        .soft(
          ph.fits,
          `placeholder "${ph.text}" needs ${ph.needed}px, the field is ${ph.width}px (${size.width}, ${locale})`,
        )
        .toBe(true);
      await screenshot(page, `layout-${size.width}x${size.height}-${locale}`);
    }
    // A bill being built (its placeholder is longer), then the payment-code field.
    await expect(page.getByTestId('quick-key-1')).toBeVisible();
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'building');
    for (const locale of ['en', 'zh-CN'] as const) {
      if ((await page.locator('html').getAttribute('lang')) !== locale) await page.getByTestId('locale-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      const building = await placeholderFits(page, '#entry-input');
      expect
        .soft(
          building.fits,
          `placeholder "${building.text}" needs ${building.needed}px, the field is ${building.width}px (${size.width}, ${locale})`,
        )
        .toBe(true);
    }
    await page.getByTestId('amount-input').press('Enter');
    await expect(page.getByTestId('app-root')).toHaveAttribute('data-phase', 'collect');
    for (const locale of ['en', 'zh-CN'] as const) {
      if ((await page.locator('html').getAttribute('lang')) !== locale) await page.getByTestId('locale-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      const code = await placeholderFits(page, '#paycode-input');
      expect
        .soft(
          code.fits,
          `placeholder "${code.text}" needs ${code.needed}px, the field is ${code.width}px (${size.width}, ${locale})`,
        )
        .toBe(true);
      const bar = await measureBar(page, '[data-testid="key-hints"]');
      expect.soft(bar.rows, `function-key bar rows while collecting (${size.width}, ${locale})`).toBe(1);
      await screenshot(page, `layout-${size.width}x${size.height}-${locale}-collect`);
    }
  });
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test(`a degraded counter (back office down, bills waiting, a payment live) still fits on one row at ${size.width}×${size.height}`, async ({
    page,
  }) => {
    let receiver: FeedReceiver | undefined;
    let shell: ShellInfo | undefined;
    try {
      receiver = await startFeedReceiver({ port: 0, mode: 'down' });
      shell = await startCounterShell({ config: { backOffice: { feedUrl: receiver.url } } });
      await page.setViewportSize(size);
      await page.goto(shell.openUrl);
      await signIn(page);
      const root = page.getByTestId('app-root');
      await page.getByTestId('amount-input').fill('12');
      await page.keyboard.press('Enter');
      await page.keyboard.press('F2');
      await expect(page.getByTestId('cash-dialog')).toBeVisible();
      await page.keyboard.press('Enter');
      await expect(root).toHaveAttribute('data-phase', 'paid');
      await expect(page.getByTestId('link-backoffice')).toHaveAttribute('data-status', /offline|degraded/, {
        timeout: 30_000,
      });
      await expect(page.getByTestId('outbox-depth')).toHaveAttribute('data-count', '1');
      await page.keyboard.press('Enter');
      await expect(root).toHaveAttribute('data-phase', 'idle');
      // A payment waiting for the payer's password: the Esc key reads 停止等待 / Stop waiting.
      await page.getByTestId('amount-input').fill('5');
      await page.keyboard.press('Enter');
      await expect(root).toHaveAttribute('data-phase', 'collect');
      await scannerBurst(page, '131990000000000901');
      await expect(root).toHaveAttribute('data-phase', 'paying');
      for (const locale of ['zh-CN', 'en'] as const) {
        if ((await page.locator('html').getAttribute('lang')) !== locale)
          await page.getByTestId('locale-toggle').click();
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        for (const [name, sel] of [
          ['header', '[data-testid="status-bar"]'],
          ['function-key bar', '[data-testid="key-hints"]'],
        ] as const) {
          const fit = await measureBar(page, sel);
          expect.soft(fit.rows, `${name} rows at ${size.width}, ${locale}`).toBe(1);
          expect.soft(fit.overflowing, `${name} overflow at ${size.width}, ${locale}`).toEqual([]);
        }
        await screenshot(page, `layout-${size.width}x${size.height}-${locale}-degraded`);
      }
      await page.keyboard.press('Escape');
      await expect(root).toHaveAttribute('data-phase', 'unconfirmed');
    } finally {
      await shell?.stop();
      await receiver?.close();
      if (shell) fs.rmSync(shell.dataDir, { recursive: true, force: true });
    }
  });
}
