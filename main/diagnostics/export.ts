import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DiagnosticsExport } from '../../app/contract/setup.js';
import { configFile, type Config } from '../config.js';
import { secretValues, type SecretStore } from '../setup/secret-store.js';
import { redactForExport, scrubText } from './redact.js';
import { createZip, type ZipEntry } from './zip.js';

/**
 * "Export diagnostics" (导出诊断信息): one zip an installer can send to support, written to
 * `<dataDir>/diagnostics/counterpay-diagnostics-<terminal>-<time>.zip`:
 *
 *   README.txt            what this is (zh/en) and what was left out
 *   manifest.json         when, which app, which shell, every entry with its size
 *   versions.json         app, Node, Electron/Chromium (if any), SQLite, OS
 *   system.json           OS, CPU, memory, free disk of the data folder, uptime
 *   config.json           the effective configuration, secrets and URL credentials redacted
 *   config-file.json      config.json as on disk (redacted), and the COUNTERPAY_* overrides
 *   secrets.json          which secrets are set and how they are stored — never a value
 *   scanners.json         the scanner list / state
 *   store-health.json     SQLite check, schema version, sizes, outbox depth, backups
 *   data-folder.json      names, sizes and times of the files in the data folder
 *   <extra>.json          anything else the core adds (connectivity, sessions…)
 *   logs/…                the newest log files up to a size budget (older ones trimmed)
 *
 * Every text entry is scrubbed of the secret store's values, URL credentials and
 * Authorization-like values. A failing source becomes `{ "error": … }` in its entry; the export
 * itself does not fail because one source did.
 */

export interface DiagnosticsOptions {
  dataDir: string;
  /** Default `<dataDir>/diagnostics`. */
  outDir?: string;
  shell: 'electron' | 'browser' | 'memory';
  appVersion: string;
  /** The configuration the running app uses (environment overrides included). */
  config: Config;
  env?: NodeJS.ProcessEnv;
  secrets?: SecretStore;
  scanners?: () => unknown;
  storeHealth?: () => unknown;
  /** SQLite library version (from the store), for versions.json. */
  sqliteVersion?: () => string;
  /** More JSON entries: name (without .json) → producer. */
  extra?: Record<string, () => unknown>;
  now?: () => number;
  /** Total bytes of log text to include (default 8 MB). */
  maxLogBytes?: number;
  /** How many exports to keep in outDir (default 10). */
  keep?: number;
}

const DEFAULT_MAX_LOG_BYTES = 8 * 1024 * 1024;

function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function safeRun(fn: (() => unknown) | undefined): unknown {
  if (!fn) return { available: false };
  try {
    return fn();
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function listDataFolder(
  dataDir: string,
  skip: string,
): { path: string; bytes: number; modified: string; dir: boolean }[] {
  const out: { path: string; bytes: number; modified: string; dir: boolean }[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (p === skip) continue;
      try {
        const st = fs.statSync(p);
        out.push({
          path: path.relative(dataDir, p).split(path.sep).join('/'),
          bytes: st.size,
          modified: st.mtime.toISOString(),
          dir: e.isDirectory(),
        });
        if (e.isDirectory() && depth < 2 && out.length < 2000) walk(p, depth + 1);
      } catch {
        // vanished while listing
      }
    }
  };
  walk(dataDir, 0);
  return out;
}

function systemInfo(dataDir: string): Record<string, unknown> {
  let disk: unknown = null;
  try {
    const s = fs.statfsSync(dataDir);
    disk = { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch (e) {
    disk = { error: String(e) };
  }
  return {
    platform: process.platform,
    arch: process.arch,
    osType: os.type(),
    osRelease: os.release(),
    osVersion: typeof os.version === 'function' ? os.version() : null,
    hostname: os.hostname(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemBytes: os.totalmem(),
    freeMemBytes: os.freemem(),
    uptimeSeconds: Math.round(os.uptime()),
    processUptimeSeconds: Math.round(process.uptime()),
    processRssBytes: process.memoryUsage().rss,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    dataDirDisk: disk,
  };
}

function readLogs(
  logDir: string,
  budget: number,
  secrets: readonly string[],
): { entries: ZipEntry[]; omitted: string[] } {
  const entries: ZipEntry[] = [];
  const omitted: string[] = [];
  let files: { name: string; file: string; size: number; mtime: number }[] = [];
  try {
    files = fs
      .readdirSync(logDir, { withFileTypes: true })
      .filter((e) => e.isFile() && /\.(log|txt|jsonl)$/i.test(e.name))
      .map((e) => {
        const file = path.join(logDir, e.name);
        const st = fs.statSync(file);
        return { name: e.name, file, size: st.size, mtime: st.mtimeMs };
      })
      .sort((a, b) => b.mtime - a.mtime || a.name.localeCompare(b.name));
  } catch {
    return { entries, omitted };
  }
  let left = budget;
  for (const f of files) {
    if (left <= 0) {
      omitted.push(f.name);
      continue;
    }
    let text: string;
    if (f.size <= left) {
      text = fs.readFileSync(f.file, 'utf8');
    } else {
      // Keep the newest part (the end of the file), starting at a line boundary.
      const fd = fs.openSync(f.file, 'r');
      try {
        const buf = Buffer.alloc(left);
        fs.readSync(fd, buf, 0, left, f.size - left);
        const s = buf.toString('utf8');
        text = `[… ${f.size - left} older bytes of ${f.name} left out …]\n` + s.slice(s.indexOf('\n') + 1);
      } finally {
        fs.closeSync(fd);
      }
    }
    left -= Math.min(f.size, left);
    entries.push({ name: `logs/${f.name}`, data: scrubText(text, secrets), mtime: new Date(f.mtime) });
  }
  return { entries, omitted };
}

const ENV_SECRETISH = /(pin|password|secret|token|authorization|apikey|api_key|key)$/i;

export async function exportDiagnostics(opts: DiagnosticsOptions): Promise<DiagnosticsExport> {
  const now = opts.now ?? Date.now;
  const created = now();
  const outDir = opts.outDir ?? path.join(opts.dataDir, 'diagnostics');
  fs.mkdirSync(outDir, { recursive: true });
  const secrets = opts.secrets ? secretValues(opts.secrets) : [];
  const json = (v: unknown): string => JSON.stringify(redactForExport(v, secrets), null, 2) + '\n';

  // config.json as written on disk (may differ from the effective config by env overrides)
  let configOnDisk: unknown;
  try {
    const f = configFile(opts.dataDir);
    configOnDisk = fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '')) : { missing: true };
  } catch (e) {
    configOnDisk = { error: `unreadable: ${e instanceof Error ? e.message : String(e)}` };
  }
  const env = opts.env ?? process.env;
  const overrides = Object.fromEntries(
    Object.entries(env)
      .filter(([k]) => k.startsWith('COUNTERPAY_'))
      .map(([k, v]) => [k, ENV_SECRETISH.test(k) ? '[redacted]' : v]),
  );

  const versions = {
    app: opts.appVersion,
    shell: opts.shell,
    node: process.versions.node,
    electron: process.versions['electron'] ?? null,
    chrome: process.versions['chrome'] ?? null,
    v8: process.versions.v8,
    sqlite: opts.sqliteVersion ? (safeRun(opts.sqliteVersion) as unknown) : null,
    modules: process.versions.modules,
    napi: process.versions.napi ?? null,
    platform: `${process.platform}-${process.arch}`,
  };

  const secretInfo = opts.secrets
    ? {
        storage: {
          kind: opts.secrets.kind,
          encrypted: opts.secrets.encrypted,
          description: opts.secrets.description.en,
        },
        set: opts.secrets.names(),
      }
    : { available: false };

  const entries: ZipEntry[] = [];
  const add = (name: string, data: string): void => {
    entries.push({ name, data, mtime: new Date(created) });
  };
  add('versions.json', json(versions));
  add('system.json', json(systemInfo(opts.dataDir)));
  add('config.json', json(opts.config));
  add(
    'config-file.json',
    json({ file: configFile(opts.dataDir), content: configOnDisk, environmentOverrides: overrides }),
  );
  add('secrets.json', JSON.stringify(secretInfo, null, 2) + '\n');
  add('scanners.json', json(safeRun(opts.scanners)));
  add('store-health.json', json(safeRun(opts.storeHealth)));
  add('data-folder.json', json(listDataFolder(opts.dataDir, outDir)));
  for (const [name, fn] of Object.entries(opts.extra ?? {})) {
    if (!/^[a-z0-9][a-z0-9._-]{0,40}$/i.test(name)) continue;
    add(`${name}.json`, json(safeRun(fn)));
  }
  const logs = readLogs(path.join(opts.dataDir, 'logs'), opts.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES, secrets);
  entries.push(...logs.entries);

  const readme = [
    'Counterpay 收银台 — 诊断包 / diagnostics bundle',
    '',
    `生成时间 / created: ${new Date(created).toISOString()}`,
    `终端 / terminal: ${opts.config.terminalNo}   版本 / version: ${opts.appVersion}   外壳 / shell: ${opts.shell}`,
    '',
    '内容：日志、配置（已去除密钥）、版本、扫码枪列表、数据库健康状况。不含账本数据库本身、不含任何密钥或 PIN。',
    'Contents: logs, configuration (secrets removed), versions, scanners, ledger health. The ledger database',
    'itself, secrets and PINs are NOT included. Send this file to support as it is.',
    logs.omitted.length > 0 ? `\n未包含的较旧日志 / older logs left out (size budget): ${logs.omitted.join(', ')}` : '',
    '',
  ].join('\n');
  const manifest = {
    createdAt: new Date(created).toISOString(),
    app: 'counterpay',
    version: opts.appVersion,
    shell: opts.shell,
    terminalNo: opts.config.terminalNo,
    entries: entries.map((e) => ({ name: e.name, bytes: Buffer.byteLength(e.data) })),
    logsOmitted: logs.omitted,
  };
  entries.unshift({ name: 'manifest.json', data: JSON.stringify(manifest, null, 2) + '\n', mtime: new Date(created) });
  entries.unshift({ name: 'README.txt', data: readme, mtime: new Date(created) });

  const zip = createZip(entries, now);
  const base = `counterpay-diagnostics-${opts.config.terminalNo}-${stamp(created)}`;
  let file = path.join(outDir, `${base}.zip`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(outDir, `${base}-${i}.zip`);
  const tmp = `${file}.partial`;
  fs.writeFileSync(tmp, zip);
  fs.renameSync(tmp, file);

  // Keep the newest `keep` exports.
  const keep = opts.keep ?? 10;
  const old = fs
    .readdirSync(outDir)
    .filter((n) => /^counterpay-diagnostics-.*\.zip$/.test(n))
    .map((n) => ({ n, t: fs.statSync(path.join(outDir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t || b.n.localeCompare(a.n));
  for (const o of old.slice(keep)) fs.rmSync(path.join(outDir, o.n), { force: true });

  return {
    file,
    bytes: zip.length,
    createdAt: new Date(created).toISOString(),
    entries: entries.map((e) => ({ name: e.name, bytes: Buffer.byteLength(e.data) })),
  };
}
