import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigSchema, saveConfig } from '../config.js';
import { createLogger } from '../log.js';
import { createPlainFileSecretStore } from '../setup/secret-store.js';
import { tempStore, type TempStore } from '../store/test-helpers.js';
import { exportDiagnostics } from './export.js';
import { redactUrl, scrubText } from './redact.js';
import { collectStoreHealth } from './store-health.js';
import { readZip } from './test-zip-reader.js';

const GATEWAY_SECRET = 'Bearer gw-SECRET-7f3a9c';
const FEED_SECRET = 'feed-token-XYZ-0123456789';
const URL_PASSWORD = 'hunter2pw';
const hasUnzip = spawnSync('unzip', ['-v']).status === 0;

let ts: TempStore;
let dataDir: string;

beforeEach(() => {
  ts = tempStore();
  dataDir = ts.dir;
});
afterEach(() => ts.cleanup());

async function makeExport(extra: Partial<Parameters<typeof exportDiagnostics>[0]> = {}) {
  const secrets = createPlainFileSecretStore(dataDir);
  secrets.set('gateway.authorization', GATEWAY_SECRET);
  secrets.set('backOffice.token', FEED_SECRET);
  saveConfig(dataDir, {
    terminalNo: 'T07',
    gateway: { url: `https://cashier:${URL_PASSWORD}@pay.example.cn/` },
    backOffice: { feedUrl: `https://erp.example.cn/feed?token=${FEED_SECRET}&shop=12` },
  });
  const config = ConfigSchema.parse(JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')));
  // Logs written by the real logger, including lines that carry secrets in different shapes.
  const log = createLogger({ dir: path.join(dataDir, 'logs'), level: 'debug' });
  log.info('core.starting', { dataDir });
  log.info('gateway.request', { url: `https://cashier:${URL_PASSWORD}@pay.example.cn/api/3Pay/KouDaiLQ/Query` });
  log.warn('sync.failed', { error: `401 from https://erp.example.cn/feed?token=${FEED_SECRET}` });
  log.info('setup.saved', { authorization: GATEWAY_SECRET, note: `header was ${GATEWAY_SECRET}` });
  log.error('odd', { message: `raw secret ${FEED_SECRET} in free text` });
  await log.close();
  fs.writeFileSync(path.join(dataDir, 'logs', 'counterpay.1.log'), '{"level":"info","event":"older"}\n');
  return exportDiagnostics({
    dataDir,
    shell: 'browser',
    appVersion: '0.1.0',
    config,
    env: { COUNTERPAY_PORT: '0', COUNTERPAY_TOKEN: 'tok-should-not-appear', PATH: '/usr/bin' },
    secrets,
    scanners: () => [{ id: 'hid-0c2e-0b61', vendor: 'Honeywell', mode: 'hid-pos', connected: true }],
    storeHealth: () => collectStoreHealth(ts.store),
    sqliteVersion: () => (ts.store.db.prepare('select sqlite_version() v').get() as { v: string }).v,
    extra: {
      connectivity: () => ({ gateway: 'online', backOffice: 'offline', outboxDepth: 0 }),
      broken: () => {
        throw new Error('source down');
      },
    },
    now: () => new Date(2025, 5, 1, 9, 30, 5).getTime(),
    ...extra,
  });
}

describe('exportDiagnostics', () => {
  it('writes a zip with logs, redacted config, versions, scanners and store health', async () => {
    const result = await makeExport();
    expect(path.dirname(result.file)).toBe(path.join(dataDir, 'diagnostics'));
    expect(path.basename(result.file)).toBe('counterpay-diagnostics-T07-20250601-093005.zip');
    const zip = fs.readFileSync(result.file);
    expect(zip.length).toBe(result.bytes);
    const entries = readZip(zip);
    const names = entries.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'README.txt',
        'manifest.json',
        'versions.json',
        'system.json',
        'config.json',
        'config-file.json',
        'secrets.json',
        'scanners.json',
        'store-health.json',
        'data-folder.json',
        'connectivity.json',
        'broken.json',
        'logs/counterpay.log',
        'logs/counterpay.1.log',
      ]),
    );
    const get = (n: string) => entries.find((e) => e.name === n)!.data.toString('utf8');
    const versions = JSON.parse(get('versions.json'));
    expect(versions).toMatchObject({ app: '0.1.0', shell: 'browser', node: process.versions.node, electron: null });
    expect(versions.sqlite).toMatch(/^3\.\d+/);
    const health = JSON.parse(get('store-health.json'));
    expect(health).toMatchObject({ check: { kind: 'quick', ok: true }, journalMode: 'wal', outbox: { depth: 0 } });
    expect(health.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(get('scanners.json'))[0]).toMatchObject({ vendor: 'Honeywell' });
    expect(JSON.parse(get('broken.json'))).toEqual({ error: 'source down' });
    expect(JSON.parse(get('config.json'))).toMatchObject({
      terminalNo: 'T07',
      gateway: { queryPath: 'api/3Pay/KouDaiLQ/Query' },
    });
    expect(JSON.parse(get('secrets.json'))).toEqual({
      storage: { kind: 'plain-file', encrypted: false, description: expect.stringMatching(/NOT encrypted/) },
      set: ['gateway.authorization', 'backOffice.token'],
    });
    expect(get('logs/counterpay.log')).toContain('"event":"gateway.request"');
    expect(get('README.txt')).toMatch(/诊断包/);
    expect(JSON.parse(get('manifest.json')).entries.length).toBe(entries.length - 2);
  });

  it('leaves out every secret: secret store values, URL passwords, tokens, the browser-shell token', async () => {
    const result = await makeExport();
    const entries = readZip(fs.readFileSync(result.file));
    for (const e of entries) {
      const text = e.data.toString('utf8');
      for (const secret of [GATEWAY_SECRET, 'gw-SECRET-7f3a9c', FEED_SECRET, URL_PASSWORD, 'tok-should-not-appear']) {
        expect(text, `${e.name} contains ${secret}`).not.toContain(secret);
      }
    }
    const config = JSON.parse(entries.find((e) => e.name === 'config.json')!.data.toString());
    expect(config.gateway.url).toBe('https://[redacted]@pay.example.cn/');
    expect(config.backOffice.feedUrl).toBe('https://erp.example.cn/feed?token=[redacted]&shop=12');
    // Belt and braces: the raw zip bytes too (stored entries would show plain text).
    const raw = fs.readFileSync(result.file).toString('latin1');
    expect(raw).not.toContain(FEED_SECRET);
  });

  it.skipIf(!hasUnzip)('opens with unzip', async () => {
    const result = await makeExport();
    const r = spawnSync('unzip', ['-l', result.file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('store-health.json');
    expect(r.stdout).toContain('logs/counterpay.log');
    expect(spawnSync('unzip', ['-tq', result.file], { encoding: 'utf8' }).stdout).toMatch(/No errors detected/);
  });

  it('keeps the newest part of logs beyond the size budget and names what it left out', async () => {
    fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    const big = Array.from({ length: 2000 }, (_, i) => `{"n":${i}}`).join('\n') + '\n';
    const result = await makeExport({ maxLogBytes: 4000 });
    const entries = readZip(fs.readFileSync(result.file));
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString());
    const logBytes = entries.filter((e) => e.name.startsWith('logs/')).reduce((n, e) => n + e.data.length, 0);
    expect(logBytes).toBeLessThanOrEqual(4200);
    // a second, larger export with a big current log: the end of it survives
    fs.writeFileSync(path.join(dataDir, 'logs', 'counterpay.log'), big);
    const r2 = await exportDiagnostics({
      dataDir,
      shell: 'browser',
      appVersion: '0.1.0',
      config: ConfigSchema.parse({}),
      maxLogBytes: 1000,
      now: () => Date.now() + 1000,
    });
    const e2 = readZip(fs.readFileSync(r2.file));
    const log = e2.find((e) => e.name === 'logs/counterpay.log')!.data.toString();
    expect(log).toMatch(/older bytes of counterpay\.log left out/);
    expect(log).toContain('{"n":1999}');
    expect(log).not.toContain('{"n":0}');
    expect(JSON.parse(e2.find((e) => e.name === 'manifest.json')!.data.toString()).logsOmitted).toContain(
      'counterpay.1.log',
    );
    expect(manifest.logsOmitted).toEqual(expect.any(Array));
  });

  it('rotates old exports', async () => {
    for (let i = 0; i < 4; i++) {
      await exportDiagnostics({
        dataDir,
        shell: 'memory',
        appVersion: 'x',
        config: ConfigSchema.parse({}),
        keep: 2,
        now: () => 1_700_000_000_000 + i * 1000,
      });
    }
    expect(fs.readdirSync(path.join(dataDir, 'diagnostics')).filter((n) => n.endsWith('.zip'))).toHaveLength(2);
  });
});

describe('redaction helpers', () => {
  it('removes credentials from URLs and text', () => {
    expect(redactUrl('https://u:p@h.cn/x?token=abc&a=1&sign=zz')).toBe(
      'https://[redacted]@h.cn/x?token=[redacted]&a=1&sign=[redacted]',
    );
    expect(scrubText('{"authorization":"Bearer abc.def"}')).toBe('{"authorization":"[redacted]"}');
    expect(scrubText('secret is s3cr3t! ok', ['s3cr3t!'])).toBe('secret is [redacted] ok');
    expect(scrubText('"tokenPresent":true')).toBe('"tokenPresent":true');
    const once = scrubText('https://u:p@h.cn/?token=a {"authorization":"Bearer b"}');
    expect(scrubText(redactUrl(once))).toBe(once);
  });
});
