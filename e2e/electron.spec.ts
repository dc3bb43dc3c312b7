import { _electron } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.js';
import { CASHIER, seededDataDir } from './support/counter.js';
import { electronBinary } from './support/electron.js';

/**
 * The same sandbox sale in the Electron shell (preload + IPC instead of the WebSocket). Needs the
 * Electron binary: where it cannot be downloaded (our development and CI machines) the test skips
 * and says why.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const bin = electronBinary();
test.skip('reason' in bin, `Electron-only: ${'reason' in bin ? bin.reason : ''}`);

test('a sandbox sale through the Electron shell: sign in, quick sale, paid', async () => {
  const dataDir = seededDataDir();
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({ setup: { completedAt: new Date().toISOString(), completedBy: 'e2e' } }),
  );
  const app = await _electron.launch({
    executablePath: (bin as { path: string }).path,
    args: [path.join(root, 'dist', 'electron', 'main.cjs')],
    env: {
      ...process.env,
      COUNTERPAY_DATA_DIR: dataDir,
      COUNTERPAY_GATEWAY_URL: '',
      COUNTERPAY_SCANNER: 'off',
    } as Record<string, string>,
  });
  try {
    const win = await app.firstWindow();
    const rootEl = win.getByTestId('app-root');
    await expect(rootEl).toHaveAttribute('data-screen', 'sign-in');
    await win.getByTestId('signin-operator').fill(CASHIER.operatorNo);
    await win.getByTestId('signin-pin').fill(CASHIER.pin);
    await win.getByTestId('signin-pin').press('Enter');
    await expect(rootEl).toHaveAttribute('data-screen', 'open-shift');
    await win.getByTestId('shift-float').fill('0');
    await win.getByTestId('shift-float').press('Enter');
    await win.getByTestId('shift-zero-yes').click();
    await win.getByTestId('amount-input').fill('12.50');
    await win.getByTestId('amount-input').press('Enter');
    await win.getByTestId('paycode-input').fill('130000000000000077');
    await win.getByTestId('paycode-input').press('Enter');
    await expect(win.getByTestId('payment-view')).toHaveAttribute('data-state', 'paid');
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
