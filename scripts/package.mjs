#!/usr/bin/env node
// `npm run package -- [--win|--linux|--mac] [--arch x64|arm64] [--electron-dist <dir>] [--publish]`
//
// Makes the installers described in electron-builder.yml:
//   0. preflight: electron-builder needs the Electron distribution (zip) for the target platform.
//      It comes from --electron-dist, from the local electron package (same platform), from the
//      Electron download cache, or from the download host. When none is available this script stops
//      with exit code 2 and says so — it never pretends to have packaged anything.
//   1. checks electron-builder.yml (scripts/check-builder-config.mjs);
//   2. builds dist/ (scripts/build.mjs);
//   3. rebuilds better-sqlite3 — and only it — for the target Electron ABI with @electron/rebuild,
//      the library behind `electron-builder install-app-deps` (that command would also rebuild
//      node-hid, which ships N-API prebuilds and must not be rebuilt); the Node build of
//      better-sqlite3 is put back afterwards so `npm test` keeps working on this checkout;
//   4. runs electron-builder (npmRebuild is false in the config: step 3 did the native work).
// Output: release/. Windows installers are best built on Windows (on Linux electron-builder
// needs Wine); macOS dmg only on macOS.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const args = process.argv.slice(2);
const has = (f) => args.includes(f);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const say = (msg) => process.stderr.write(`package: ${msg}\n`);
function stop(code, msg) {
  process.stderr.write(`\npackage: ${msg}\n`);
  process.exit(code);
}

const platform = has('--win') ? 'win32' : has('--mac') ? 'darwin' : has('--linux') ? 'linux' : process.platform;
const arch = opt('--arch') ?? 'x64';
const builderFlag = { win32: '--win', darwin: '--mac', linux: '--linux' }[platform];
if (!builderFlag) stop(1, `unsupported platform ${platform}`);
const electronVersion = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const zipName = `electron-v${electronVersion}-${platform}-${arch}.zip`;

// --- 0. preflight: where does the Electron distribution come from? ---------------------------------
function findInCache() {
  const dirs = [
    process.env.ELECTRON_CACHE,
    process.env.electron_config_cache,
    path.join(os.homedir(), '.cache', 'electron'),
    path.join(os.homedir(), 'Library', 'Caches', 'electron'),
    process.env.LOCALAPPDATA && path.join(process.env.LOCALAPPDATA, 'electron', 'Cache'),
  ].filter(Boolean);
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isFile() && entry.name === zipName) return p;
      if (entry.isDirectory() && fs.existsSync(path.join(p, zipName))) return path.join(p, zipName);
    }
  }
  return null;
}

async function probeDownload() {
  const mirror = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/';
  const url = `${mirror.replace(/\/?$/, '/')}v${electronVersion}/${zipName}`;
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(8000) });
    return res.ok ? { ok: true, url } : { ok: false, url, reason: `HTTP ${res.status}` };
  } catch (e) {
    const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(e);
    return { ok: false, url, reason: String(cause) };
  }
}

const builderArgs = [
  '--config',
  'electron-builder.yml',
  builderFlag,
  `--${arch}`,
  '--publish',
  has('--publish') ? 'always' : 'never',
];
let source;
const electronDist = opt('--electron-dist') ?? process.env.COUNTERPAY_ELECTRON_DIST;
if (electronDist) {
  if (!fs.existsSync(electronDist)) stop(2, `--electron-dist ${electronDist} does not exist`);
  builderArgs.push(`-c.electronDist=${path.resolve(electronDist)}`);
  source = `the unpacked distribution in ${electronDist}`;
} else {
  const local = findElectronBinary();
  const cached = findInCache();
  if (local.found && platform === process.platform && arch === process.arch) {
    builderArgs.push(`-c.electronDist=${path.join(root, 'node_modules', 'electron', 'dist')}`);
    source = `the local Electron binary (${local.path})`;
  } else if (cached) {
    source = `the download cache (${cached})`;
  } else {
    const probe = await probeDownload();
    if (!probe.ok) {
      stop(
        2,
        [
          `cannot package: electron-builder needs the Electron ${electronVersion} distribution for ${platform}-${arch} (${zipName}), and it is not available here:`,
          `  - no --electron-dist <dir> (or COUNTERPAY_ELECTRON_DIST) was given;`,
          `  - the local Electron binary: ${local.found ? `present, but for ${process.platform}-${process.arch}` : local.reason};`,
          `  - not in the Electron download cache (ELECTRON_CACHE or ~/.cache/electron);`,
          `  - the download host cannot be reached: ${probe.url} → ${probe.reason}.`,
          `Nothing was built. Package on a machine that can download Electron (see docs/INSTALLING.md),`,
          `or put ${zipName} into the cache, or pass --electron-dist.`,
        ].join('\n'),
      );
    }
    source = `a download from ${probe.url}`;
  }
}
say(`Electron ${electronVersion} for ${platform}-${arch} comes from ${source}`);

// --- 1. config check, 2. build ---------------------------------------------------------------------
function run(label, cmd, cmdArgs, extraEnv = {}) {
  say(`${label}: ${[path.basename(cmd), ...cmdArgs].join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) stop(1, `${label} failed (exit ${r.status ?? r.signal})`);
}
run('check config', process.execPath, [path.join(root, 'scripts', 'check-builder-config.mjs')]);
run('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);

// --- 3. better-sqlite3 for Electron ----------------------------------------------------------------
const sqliteRelease = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release');
const backup = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpay-sqlite-node-'));
const hadNodeBuild = fs.existsSync(sqliteRelease);
if (hadNodeBuild) fs.cpSync(sqliteRelease, path.join(backup, 'Release'), { recursive: true });
function restoreNodeBuild() {
  if (!hadNodeBuild) return;
  fs.rmSync(sqliteRelease, { recursive: true, force: true });
  fs.cpSync(path.join(backup, 'Release'), sqliteRelease, { recursive: true });
  fs.rmSync(backup, { recursive: true, force: true });
  say('restored the Node build of better-sqlite3 (tests keep working on this checkout)');
}

let exitCode = 0;
try {
  const appBuilderDir = path.dirname(require.resolve('app-builder-lib/package.json'));
  const rebuildEntry = createRequire(path.join(appBuilderDir, 'package.json')).resolve('@electron/rebuild');
  const { rebuild } = await import(pathToFileURL(rebuildEntry).href);
  say(
    `rebuilding better-sqlite3 for Electron ${electronVersion} (${platform}-${arch}); node-hid keeps its N-API prebuilds`,
  );
  await rebuild({
    buildPath: root,
    projectRootPath: root,
    electronVersion,
    platform,
    arch,
    onlyModules: ['better-sqlite3'],
    force: true,
    mode: 'sequential',
    disablePreGypCopy: true,
    buildFromSource: false,
  });

  // --- 4. electron-builder -------------------------------------------------------------------------
  const bin = path.join(
    root,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder',
  );
  say(`electron-builder ${builderArgs.join(' ')}`);
  const r = spawnSync(bin, builderArgs, {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) {
    exitCode = 1;
    process.stderr.write(`\npackage: electron-builder failed (exit ${r.status ?? r.signal})\n`);
  } else {
    const out = path.join(root, 'release');
    const made = fs.existsSync(out)
      ? fs.readdirSync(out).filter((f) => /\.(exe|AppImage|deb|dmg|yml|blockmap)$/.test(f))
      : [];
    say(`done: ${made.map((f) => `release/${f}`).join(', ') || '(no artifacts found in release/)'}`);
  }
} catch (e) {
  exitCode = 1;
  process.stderr.write(
    `\npackage: rebuilding better-sqlite3 for Electron failed: ${e instanceof Error ? e.message : String(e)}\n`,
  );
} finally {
  restoreNodeBuild();
}
process.exit(exitCode);
