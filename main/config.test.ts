import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, MAX_CONFIG_BYTES, saveConfig } from './config.js';
import { afterEachCleanup } from './store/test-cleanup.js';

const cleanup = afterEachCleanup();
function dataDir(config?: unknown, raw?: string): string {
  const dir = cleanup.tempDataDir('cp-config-');
  if (raw !== undefined) fs.writeFileSync(path.join(dir, 'config.json'), raw);
  else if (config !== undefined) fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

describe('config', () => {
  it('a missing file means defaults: sandbox gateway, zh-CN, port 4780, 60 s deadline', () => {
    const c = loadConfig(dataDir(), {});
    expect(c.gateway.url).toBeNull();
    expect(c.locale).toBe('zh-CN');
    expect(c.browserShell.port).toBe(4780);
    expect(c.gateway.paymentDeadlineMs).toBe(60_000);
    expect(c.terminalNo).toBe('T01');
  });

  it('a bad field is refused with the file and the field named', () => {
    const dir = dataDir({ terminalNo: 'TOO-LONG-NUMBER', gateway: { url: 'ftp://x' } });
    let error: unknown;
    try {
      loadConfig(dir, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const ce = error as ConfigError;
    expect(ce.file).toBe(path.join(dir, 'config.json'));
    expect(ce.issues.map((i) => i.field).sort()).toEqual(['gateway.url', 'terminalNo']);
    expect(ce.message).toContain(path.join(dir, 'config.json'));
    expect(ce.message).toContain('terminalNo');
  });

  it('unknown keys are refused rather than ignored (a typo must not silently fall back to a default)', () => {
    expect(() => loadConfig(dataDir({ gatway: { url: 'http://x' } }), {})).toThrow(/gatway|Unrecognized/);
  });

  it('a file that is not JSON is refused', () => {
    expect(() => loadConfig(dataDir(undefined, '{ terminalNo: T01 '), {})).toThrow(/not valid JSON/);
  });

  it('accepts a UTF-8 BOM (Windows Notepad)', () => {
    const c = loadConfig(dataDir(undefined, '\uFEFF{"terminalNo":"A7"}'), {});
    expect(c.terminalNo).toBe('A7');
  });

  it('environment overrides win over the file, and bad ones are named', () => {
    const dir = dataDir({ gateway: { url: 'http://gw.example/' }, browserShell: { port: 5000 } });
    const c = loadConfig(dir, {
      COUNTERPAY_GATEWAY_URL: 'http://127.0.0.1:9/',
      COUNTERPAY_PORT: '0',
      COUNTERPAY_LOG_LEVEL: 'debug',
    });
    expect(c.gateway.url).toBe('http://127.0.0.1:9/');
    expect(c.browserShell.port).toBe(0);
    expect(c.log.level).toBe('debug');
    expect(() => loadConfig(dir, { COUNTERPAY_PORT: 'eighty' })).toThrow(/COUNTERPAY_PORT/);
    // An empty variable means "not set".
    expect(loadConfig(dir, { COUNTERPAY_GATEWAY_URL: '' }).gateway.url).toBe('http://gw.example/');
  });

  it('back-office environment overrides reach backOffices.xiaobao, .kesion and .campus; bad ones are named', () => {
    const dir = dataDir({ backOffices: { kesion: { url: 'http://edu.example/' } } });
    const c = loadConfig(dir, {
      COUNTERPAY_XIAOBAO_URL: 'http://127.0.0.1:7001/open-erp',
      COUNTERPAY_KESION_URL: 'http://127.0.0.1:7002//',
      COUNTERPAY_KESION_APPTOKEN: 'tok',
      COUNTERPAY_CAMPUS_URL: 'http://127.0.0.1:7003/campus',
    });
    expect(c.backOffices.xiaobao.url).toBe('http://127.0.0.1:7001/open-erp');
    expect(c.backOffices.kesion.url).toBe('http://127.0.0.1:7002//');
    expect(c.backOffices.kesion.apptoken).toBe('tok');
    expect(c.backOffices.campus.url).toBe('http://127.0.0.1:7003/campus');
    expect(loadConfig(dir, {}).backOffices.kesion.url).toBe('http://edu.example/');
    expect(() => loadConfig(dir, { COUNTERPAY_CAMPUS_URL: 'campus' })).toThrow(/COUNTERPAY_CAMPUS_URL/);
  });

  it('saveConfig validates and writes atomically', () => {
    const dir = dataDir();
    saveConfig(dir, { terminalNo: 'B2', gateway: { url: 'https://pay.example.com/' } });
    expect(loadConfig(dir, {}).gateway.url).toBe('https://pay.example.com/');
    expect(() => saveConfig(dir, { terminalNo: '' })).toThrow(ConfigError);
    expect(loadConfig(dir, {}).terminalNo).toBe('B2');
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });

  function issuesOf(config: unknown): ConfigError {
    try {
      loadConfig(dataDir(config), {});
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error('accepted');
  }

  it('gateway paths are relative to the gateway URL: no other host, no scheme, //, .., backslash', () => {
    for (const bad of [
      'https://evil.example.net/api/3Pay/KouDaiLQ/BarCode',
      'http:evil.example.net/x',
      '//evil.example.net/x',
      'api//x',
      '../../other/api',
      'api/../../x',
      'api\\..\\x',
      '%2e%2e/x',
      'javascript:alert(1)',
    ]) {
      const e = issuesOf({ gateway: { barCodePath: bad } });
      expect(
        e.issues.map((i) => i.field),
        bad,
      ).toEqual(['gateway.barCodePath']);
      expect(e.message).toContain('relative path');
      expect(
        issuesOf({ gateway: { queryPath: bad } }).issues.map((i) => i.field),
        bad,
      ).toEqual(['gateway.queryPath']);
    }
    const ok = loadConfig(
      dataDir({ gateway: { barCodePath: '/api/3Pay/KouDaiLQ/BarCode', queryPath: 'v2/query.ashx' } }),
      {},
    );
    expect(ok.gateway.barCodePath).toBe('/api/3Pay/KouDaiLQ/BarCode');
    // setup writes through the same rule
    expect(() => saveConfig(dataDir(), { gateway: { queryPath: 'https://evil.example.net/q' } })).toThrow(ConfigError);
  });

  it('the update feed must be https', () => {
    const e = issuesOf({ updates: { enabled: true, url: 'http://updates.example.cn/feed' } });
    expect(e.issues).toEqual([{ field: 'updates.url', message: expect.stringContaining('https://') }]);
    expect(
      loadConfig(dataDir({ updates: { enabled: true, url: 'https://updates.example.cn/feed' } }), {}).updates.url,
    ).toBe('https://updates.example.cn/feed');
  });

  it('a config.json over 256 KiB is refused with the file, its size and the limit named', () => {
    const big = JSON.stringify({ terminalNo: 'T01', padding: 'x'.repeat(MAX_CONFIG_BYTES) });
    const dir = dataDir(undefined, big);
    let error: unknown;
    try {
      loadConfig(dir, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const ce = error as ConfigError;
    expect(ce.file).toBe(path.join(dir, 'config.json'));
    expect(ce.message).toContain(path.join(dir, 'config.json'));
    expect(ce.message).toContain(`${Buffer.byteLength(big)} bytes`);
    expect(ce.message).toContain('256 KiB');
    expect(MAX_CONFIG_BYTES).toBe(256 * 1024);
  });

  it('the reconnect grace period of sessions defaults to 30 s and is bounded', () => {
    expect(loadConfig(dataDir(), {}).session.reconnectGraceMs).toBe(30_000);
    expect(loadConfig(dataDir({ session: { reconnectGraceMs: 5_000 } }), {}).session.reconnectGraceMs).toBe(5_000);
    expect(issuesOf({ session: { reconnectGraceMs: 3_600_000 } }).issues.map((i) => i.field)).toEqual([
      'session.reconnectGraceMs',
    ]);
  });
});

describe('config: payment fields (issue 11 items 15 and 30)', () => {
  it('gateway.maxBillNumLength defaults to 20 and is 12–32; payment.extraCodePatterns are checked as regular expressions at load', () => {
    const defaults = loadConfig(dataDir(), {});
    expect(defaults.gateway.maxBillNumLength).toBe(20);
    expect(defaults.payment.extraCodePatterns).toEqual([]);
    expect(
      loadConfig(dataDir({ gateway: { maxBillNumLength: 32 }, payment: { extraCodePatterns: ['88\\d{16}'] } }), {}),
    ).toMatchObject({
      gateway: { maxBillNumLength: 32 },
      payment: { extraCodePatterns: ['88\\d{16}'] },
    });
    for (const [cfg, field, words] of [
      [{ gateway: { maxBillNumLength: 11 } }, 'gateway.maxBillNumLength', 'at least 12'],
      [{ gateway: { maxBillNumLength: 33 } }, 'gateway.maxBillNumLength', 'at most 32'],
      [{ payment: { extraCodePatterns: ['88(\\d'] } }, 'payment.extraCodePatterns.0', 'not a valid regular expression'],
      [{ payment: { extraCodePatterns: [''] } }, 'payment.extraCodePatterns.0', 'may not be empty'],
    ] as const) {
      const e = (() => {
        try {
          loadConfig(dataDir(cfg), {});
        } catch (err) {
          return err;
        }
        return null;
      })();
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues).toEqual([
        expect.objectContaining({ field, message: expect.stringContaining(words) }),
      ]);
    }
  });
});
