import { spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { afterEachCleanup } from '../main/store/test-cleanup.js';

const cleanup = afterEachCleanup();

/**
 * `npm run package` must refuse — clearly, and before touching anything — when no Electron
 * distribution is available (no --electron-dist, no local binary, nothing cached, download host
 * unreachable). Made deterministic: a missing binary path, an empty cache, and a mirror on a
 * closed local port.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('scripts/package.mjs without an Electron distribution', () => {
  it('stops with exit code 2 and says what is missing, without building', async () => {
    const cache = cleanup.tempDataDir('cp-electron-cache-');
    const port = await closedPort();
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--linux'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        COUNTERPAY_ELECTRON_BINARY: path.join(cache, 'no-electron-here'),
        COUNTERPAY_ELECTRON_DIST: '',
        ELECTRON_CACHE: cache,
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /cannot package: electron-builder needs the Electron \d+\.\d+\.\d+ distribution for linux-x64/,
    );
    expect(r.stderr).toMatch(/no-electron-here does not exist/);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(r.stderr).toMatch(/Nothing was built/);
    // It stopped before the config check, the build and the native rebuild.
    expect(r.stderr).not.toMatch(/package: (check config|build|rebuilding)/);
  });
});
