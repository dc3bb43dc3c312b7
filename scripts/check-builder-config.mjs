#!/usr/bin/env node
// Validates electron-builder.yml without packaging anything (packaging needs the Electron binary,
// which these machines cannot download):
//   1. electron-builder's own loader and schema validation (app-builder-lib `getConfig` +
//      `validateConfiguration`, the same calls `electron-builder` makes before a build) — an
//      unknown or misplaced key fails here exactly as it would fail a real build;
//   2. Counterpay's packaging invariants (npmRebuild off, native modules unpacked from the asar,
//      the scanner udev rule shipped and installed by the deb, icons present, the packaged entry
//      and the file:// fuse consistent with the Electron shell).
// Usage: node scripts/check-builder-config.mjs [--config <file>] [--project <dir>] [--json]
// Exit 0 when valid; 1 with one line per problem otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const projectDir = path.resolve(opt('--project') ?? path.join(here, '..'));
const configPath = path.resolve(opt('--config') ?? path.join(projectDir, 'electron-builder.yml'));
const asJson = args.includes('--json');

// Resolve electron-builder's internals from this checkout (not from the --project folder).
const require = createRequire(path.join(here, '..', 'package.json'));
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger, log: builderLog } = require('builder-util');
const { minimatch } = require('minimatch');
const builderVersion = require('app-builder-lib/package.json').version;

const problems = [];
const notes = [];
const fail = (msg) => problems.push(msg);

/** electron-builder logs "loaded configuration" to stdout; keep our output clean. */
function quietly(fn) {
  const original = builderLog.info;
  builderLog.info = () => {};
  return fn().finally(() => {
    builderLog.info = original;
  });
}

const asArray = (v) => (v == null ? [] : Array.isArray(v) ? v : [v]);
const rel = (p) => path.relative(projectDir, p) || '.';

let config = null;
if (!fs.existsSync(configPath)) {
  fail(`${rel(configPath)} does not exist`);
} else {
  try {
    config = await quietly(() => getConfig(projectDir, configPath, null));
    await validateConfiguration(config, new DebugLogger(false));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    fail(`electron-builder ${builderVersion} rejects ${rel(configPath)}:\n${message}`);
    config = null;
  }
}

if (config) {
  // --- native modules ------------------------------------------------------------------------
  if (config.npmRebuild !== false)
    fail('npmRebuild must be false (scripts/package.mjs rebuilds better-sqlite3 itself)');
  if (config.nodeGypRebuild === true) fail('nodeGypRebuild must not be true');
  if (config.buildDependenciesFromSource === true)
    fail('buildDependenciesFromSource must not be true (node-hid must keep its N-API prebuilds)');
  const unpack = asArray(config.asarUnpack);
  const unpacked = (p) => unpack.some((g) => minimatch(p, g, { dot: true, matchBase: !g.includes('/') }));
  const nativeSamples = [
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    'node_modules/better-sqlite3/lib/database.js',
    'node_modules/node-hid/prebuilds/HID-win32-x64/node-napi-v4.node',
    'node_modules/node-hid/prebuilds/HID_hidraw-linux-x64/node-napi-v4.node',
  ];
  for (const sample of nativeSamples) {
    if (!unpacked(sample)) fail(`asarUnpack must cover ${sample} (native modules cannot load from inside the asar)`);
  }
  // Every real .node file of the installed native packages must be unpacked too.
  for (const pkg of ['better-sqlite3', 'node-hid']) {
    const dir = path.join(projectDir, 'node_modules', pkg);
    if (!fs.existsSync(dir)) continue;
    for (const f of walk(dir)) {
      if (!f.endsWith('.node')) continue;
      const p = path.relative(projectDir, f).split(path.sep).join('/');
      if (!unpacked(p)) fail(`asarUnpack does not cover ${p}`);
    }
  }

  // --- what goes into the app -----------------------------------------------------------------
  const main = config.extraMetadata?.main;
  if (main !== 'dist/electron/main.cjs')
    fail(`extraMetadata.main must be dist/electron/main.cjs (the bundled Electron shell), found ${main}`);
  // getConfig normalises `files` into FileSet objects ({ filter: [...] }).
  const files = asArray(config.files).flatMap((f) => (typeof f === 'string' ? [f] : asArray(f.filter)));
  if (!files.some((f) => f.startsWith('dist/'))) fail('files must include the build output (dist/**)');
  if (files.some((f) => /^!.*better-sqlite3\/(build\/Release\/\*\*|build\/\*\*|lib)/.test(f))) {
    fail('files must not exclude better-sqlite3 build/Release or lib');
  }

  // --- Electron shell consistency --------------------------------------------------------------
  if (config.electronFuses?.grantFileProtocolExtraPrivileges === false) {
    const shellMain = path.join(projectDir, 'main', 'electron', 'main.ts');
    if (fs.existsSync(shellMain) && /\bloadFile\s*\(/.test(fs.readFileSync(shellMain, 'utf8'))) {
      fail(
        'electronFuses.grantFileProtocolExtraPrivileges is false but main/electron/main.ts loads the page with loadFile(): serve it from the app protocol',
      );
    }
  }
  if (config.electronFuses?.runAsNode !== false) fail('electronFuses.runAsNode must be false');

  // --- Windows -------------------------------------------------------------------------------
  const winTargets = asArray(config.win?.target).map((t) => (typeof t === 'string' ? { target: t } : t));
  const nsis = winTargets.find((t) => t.target === 'nsis');
  if (!nsis) fail('win.target must include nsis');
  else if (!asArray(nsis.arch).includes('x64')) fail('the nsis target must build x64');
  const langs = asArray(config.nsis?.installerLanguages);
  for (const l of ['zh_CN', 'en_US']) if (!langs.includes(l)) fail(`nsis.installerLanguages must include ${l}`);
  if (config.nsis?.oneClick !== false) fail('nsis.oneClick must be false (the installer offers per-machine install)');
  if (config.nsis?.deleteAppDataOnUninstall === true) fail('nsis.deleteAppDataOnUninstall must not delete the ledger');
  if (!config.nsis?.createDesktopShortcut) fail('nsis.createDesktopShortcut must be set');

  // --- Linux / deb / udev --------------------------------------------------------------------
  const RULE = 'resources/udev/70-counterpay-scanners.rules';
  const linuxTargets = asArray(config.linux?.target).map((t) => (typeof t === 'string' ? t : t.target));
  for (const t of ['AppImage', 'deb']) if (!linuxTargets.includes(t)) fail(`linux.target must include ${t}`);
  const extra = [...asArray(config.linux?.extraFiles), ...asArray(config.deb?.extraFiles)].map((e) =>
    typeof e === 'string' ? { from: e, to: e } : e,
  );
  const ruleEntry = extra.find((e) => e.from === RULE);
  if (!ruleEntry) fail(`linux.extraFiles (or deb.extraFiles) must ship ${RULE}`);
  if (!fs.existsSync(path.join(projectDir, RULE)))
    fail(`${RULE} is missing (the deb would ship without the scanner rule)`);
  const afterInstall = config.deb?.afterInstall;
  if (!afterInstall) fail('deb.afterInstall must install the udev rule');
  else {
    const script = path.resolve(projectDir, afterInstall);
    if (!fs.existsSync(script)) fail(`deb.afterInstall ${afterInstall} does not exist`);
    else {
      const text = fs.readFileSync(script, 'utf8');
      const target = ruleEntry ? path.posix.basename(ruleEntry.to ?? RULE) : '70-counterpay-scanners.rules';
      if (!text.includes('/lib/udev/rules.d')) fail(`${afterInstall} must install the rule into /lib/udev/rules.d`);
      if (!text.includes(target)) fail(`${afterInstall} must copy ${target}`);
      if (ruleEntry && !text.includes(`/opt/\${sanitizedProductName}/${ruleEntry.to}`)) {
        fail(
          `${afterInstall} must read the rule from where extraFiles puts it (/opt/\${sanitizedProductName}/${ruleEntry.to})`,
        );
      }
      if (!text.includes('chrome-sandbox'))
        fail(`${afterInstall} must keep electron-builder's default chrome-sandbox step`);
    }
  }
  // electron-builder fills ${name} macros in the deb scripts and throws on an unknown one; the
  // rendered script must also be valid bash.
  for (const key of ['afterInstall', 'afterRemove']) {
    const file = config.deb?.[key];
    if (!file || !fs.existsSync(path.resolve(projectDir, file))) continue;
    const known = {
      executable: 'counterpay',
      sanitizedProductName: 'Counterpay',
      productFilename: 'Counterpay',
      ...(config.linux ?? {}),
      ...(config.deb ?? {}),
    };
    const unknown = [];
    const rendered = fs
      .readFileSync(path.resolve(projectDir, file), 'utf8')
      .replace(/\$\{([a-zA-Z]+)\}/g, (m, name) => {
        if (name in known) return String(known[name]);
        unknown.push(name);
        return m;
      });
    if (unknown.length > 0)
      fail(`deb.${key} ${file} uses undefined electron-builder macros: ${[...new Set(unknown)].join(', ')}`);
    else if (process.platform !== 'win32') {
      const r = spawnSync('bash', ['-n'], { input: rendered, encoding: 'utf8' });
      if (r.error === undefined && r.status !== 0) fail(`deb.${key} ${file} is not valid bash: ${r.stderr.trim()}`);
    }
  }
  const depends = config.deb?.depends;
  if (depends != null && !asArray(depends).includes('libusb-1.0-0'))
    fail('deb.depends must include libusb-1.0-0 (node-hid)');

  // --- icons -----------------------------------------------------------------------------------
  for (const f of [
    'resources/icons/icon.ico',
    'resources/icons/256x256.png',
    'resources/icons/512x512.png',
    'resources/icons/icon.png',
  ]) {
    if (!fs.existsSync(path.join(projectDir, f))) fail(`${f} is missing (node scripts/make-icons.mjs)`);
  }
  for (const [where, icon] of [
    ['win.icon', config.win?.icon],
    ['linux.icon', config.linux?.icon],
    ['mac.icon', config.mac?.icon],
  ]) {
    if (icon && !fs.existsSync(path.resolve(projectDir, icon))) fail(`${where} ${icon} does not exist`);
  }

  // --- updates -------------------------------------------------------------------------------
  const publish = asArray(config.publish);
  if (!publish.some((p) => (typeof p === 'string' ? p : p.provider) === 'generic')) {
    fail('publish must use the generic provider (the feed URL comes from config.json at run time)');
  }
  notes.push(
    `electron-builder ${builderVersion}`,
    `targets: win ${winTargets.map((t) => t.target).join(',')}; linux ${linuxTargets.join(',')}`,
  );
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

if (asJson) {
  process.stdout.write(JSON.stringify({ ok: problems.length === 0, config: rel(configPath), problems, notes }) + '\n');
} else if (problems.length === 0) {
  process.stderr.write(`builder config: ${rel(configPath)} is valid (${notes.join('; ')})\n`);
} else {
  process.stderr.write(`builder config: ${problems.length} problem(s) in ${rel(configPath)}:\n`);
  for (const p of problems) process.stderr.write(`  - ${p.split('\n').join('\n    ')}\n`);
}
process.exit(problems.length === 0 ? 0 : 1);
