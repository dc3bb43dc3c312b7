import type { Page } from '@playwright/test';
import { expect, screenshot } from './fixtures.js';
import { counterTest as test, scannerBurst, signIn, SUPERVISOR } from './support/counter.js';

/**
 * Issue 5, item 3 in the browser shell: the supervisor signs in, opens the supervisor screen
 * (F11) on the 商品导入 tab, chooses a CSV with one bad row — the preview lists the error with
 * its line and field and import is blocked — chooses the corrected file, previews and imports
 * it; back at the counter the new items are found with F5 search, scanned into a bill and on
 * their quick key. Screenshots: test-results/screenshots/catalog-import-*.png.
 */

const tid = (page: Page, id: string) => page.getByTestId(id);

/** What a back office exports from Excel: UTF-8 with BOM, CRLF, Chinese headers. */
function csv(rows: string[][]): Buffer {
  return Buffer.from('\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8');
}
const HEADER = ['商品编码', '商品名称', '售价(元)', '快捷键'];
const ICE = ['6970000000017', '冰淇淋', '8.50', '5'];
const BAD_DOG = ['6970000000024', '热狗', '六块', ''];
const DOG = ['6970000000024', '热狗', '6.00', ''];
const PRICE_CHANGE = ['6901234567847', '夜游票', '150.00', ''];

test('a supervisor imports a CSV: the bad row is shown and blocks the import; the fixed file imports and sells', async ({
  page,
  shell,
}) => {
  await page.goto(shell.openUrl);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-hydrated', 'yes');
  await signIn(page, { ...SUPERVISOR, floatYuan: '0' });

  // ── the supervisor screen, 商品导入 tab ──
  await page.keyboard.press('F11');
  await expect(tid(page, 'supervisor-screen')).toBeVisible();
  await expect(tid(page, 'sup-who')).toHaveAttribute('data-via', 'session');
  // The tabs answer Alt+digit once the supervisor check is in (the tab bar shows).
  await expect(page.getByTestId('sup-tab-x')).toBeVisible();
  await page.keyboard.press('Alt+7');
  await expect(tid(page, 'supervisor-screen')).toHaveAttribute('data-tab', 'import');
  await expect(tid(page, 'sup-tab-import')).toHaveText(/商品导入/);
  // Keyboard first: the file input has the focus.
  await expect(tid(page, 'import-file')).toBeFocused();
  await expect(tid(page, 'import-preview')).toBeDisabled();

  // ── a file with one bad row ──
  await tid(page, 'import-file').setInputFiles({
    name: '商品.csv',
    mimeType: 'text/csv',
    buffer: csv([HEADER, ICE, BAD_DOG, PRICE_CHANGE]),
  });
  await expect(tid(page, 'import-chosen')).toContainText('商品.csv');
  await tid(page, 'import-preview').click();
  const result = tid(page, 'import-result');
  await expect(result).toHaveAttribute('data-can-apply', 'no');
  await expect(tid(page, 'import-count-errors')).toHaveAttribute('data-value', '1');
  await expect(tid(page, 'import-count-new')).toHaveAttribute('data-value', '1');
  await expect(tid(page, 'import-count-changed')).toHaveAttribute('data-value', '1');
  const bad = tid(page, 'import-error');
  await expect(bad).toHaveCount(1);
  await expect(bad).toHaveAttribute('data-line', '3');
  await expect(bad).toHaveAttribute('data-field', 'price');
  await expect(bad.locator('td').nth(0)).toHaveText('3');
  await expect(bad.locator('td').nth(1)).toHaveText('价格');
  await expect(bad.locator('td').nth(2)).toContainText('价格不对');
  await expect(bad.locator('td').nth(3)).toHaveText('六块');
  await expect(tid(page, 'import-blocked')).toContainText('1 处错误');
  await expect(tid(page, 'import-apply')).toBeDisabled();
  await screenshot(page, 'catalog-import-01-bad-row');

  // Nothing was imported: the item is unknown to the counter's search.
  // (Checked at the end through the counter, after the good file.)

  // ── the corrected file ──
  await tid(page, 'import-file').setInputFiles({
    name: '商品-修正.csv',
    mimeType: 'text/csv',
    buffer: csv([HEADER, ICE, DOG, PRICE_CHANGE]),
  });
  await expect(tid(page, 'sup-import')).toHaveAttribute('data-stage', 'idle');
  await tid(page, 'import-preview').click();
  await expect(result).toHaveAttribute('data-can-apply', 'yes');
  await expect(tid(page, 'import-count-errors')).toHaveAttribute('data-value', '0');
  await expect(tid(page, 'import-count-new')).toHaveAttribute('data-value', '2');
  await expect(tid(page, 'import-count-changed')).toHaveAttribute('data-value', '1');
  await expect(tid(page, 'import-count-unchanged')).toHaveAttribute('data-value', '0');
  await expect(tid(page, 'import-error')).toHaveCount(0);
  await expect(tid(page, 'import-change')).toHaveCount(3);
  const nightTicket = page.locator('[data-testid="import-change"][data-code="6901234567847"]');
  await expect(nightTicket).toContainText('¥120.00 → ¥150.00');
  // No 业务类型 column in the file: the ticket keeps its business type.
  await expect(nightTicket).not.toContainText('业务类型');
  await screenshot(page, 'catalog-import-02-preview');

  await tid(page, 'import-apply').focus();
  await page.keyboard.press('Enter');
  await expect(tid(page, 'import-done')).toBeVisible();
  await expect(tid(page, 'import-done')).toHaveAttribute('data-new', '2');
  await expect(tid(page, 'sup-notice')).toHaveAttribute('data-tone', 'ok');
  await expect(tid(page, 'sup-notice')).toContainText('新增 2，修改 1');
  await screenshot(page, 'catalog-import-03-done');

  // ── back at the counter: F5 finds it, a scan adds the other, its quick key works ──
  await page.keyboard.press('Escape');
  await expect(tid(page, 'supervisor-screen')).toHaveCount(0);
  await expect(tid(page, 'app-root')).toHaveAttribute('data-phase', 'idle');
  await page.keyboard.press('F5');
  await expect(tid(page, 'search-dialog')).toBeVisible();
  await tid(page, 'search-input').fill('冰淇');
  const hit = page.locator('[data-testid="search-result"][data-code="6970000000017"]');
  await expect(hit).toBeVisible();
  await expect(hit).toContainText('¥8.50');
  await screenshot(page, 'catalog-import-04-search');
  await tid(page, 'search-input').press('Enter');
  await expect(tid(page, 'search-dialog')).toHaveCount(0);
  await expect(tid(page, 'bill-line')).toHaveCount(1);
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '850');

  await scannerBurst(page, '6970000000024');
  await expect(tid(page, 'bill-line')).toHaveCount(2);
  await expect(tid(page, 'bill-line').nth(1)).toContainText('热狗');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '1450');

  // Quick key 5 (from the file) reached the counter without a reload.
  await page.keyboard.press('Alt+5');
  await expect(tid(page, 'bill-total')).toHaveAttribute('data-fen', '2300');
  await screenshot(page, 'catalog-import-05-bill');
});
