import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../main/store/test-helpers.js';

/**
 * scripts/check-builder-config.mjs runs electron-builder's own validation plus our packaging
 * invariants. Each case builds a throw-away project folder holding a copy of the real
 * electron-builder.yml (edited per case), the icons, the deb scripts and a udev rule, and runs
 * the checker on it as a child process, exactly as `npm test` does.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checker = path.join(root, 'scripts', 'check-builder-config.mjs');
const realYaml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
let tmp: string;
let removeTmp: () => void;
let seq = 0;

beforeAll(() => {
  ({ dir: tmp, cleanup: removeTmp } = tempDir('cp-builder-'));
});
afterAll(() => {
  removeTmp();
});

interface ProjectOptions {
  yaml?: (y: string) => string;
  afterInstall?: (s: string) => string;
  withRule?: boolean;
  shellMain?: string;
}

function makeProject(o: ProjectOptions = {}): string {
  const dir = path.join(tmp, `p${++seq}`);
  fs.mkdirSync(path.join(dir, 'resources', 'udev'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'main', 'electron'), { recursive: true });
  fs.cpSync(path.join(root, 'resources', 'icons'), path.join(dir, 'resources', 'icons'), { recursive: true });
  fs.cpSync(path.join(root, 'resources', 'linux'), path.join(dir, 'resources', 'linux'), { recursive: true });
  if (o.afterInstall) {
    const f = path.join(dir, 'resources', 'linux', 'deb-after-install.sh');
    fs.writeFileSync(f, o.afterInstall(fs.readFileSync(f, 'utf8')));
  }
  if (o.withRule !== false) {
    fs.writeFileSync(
      path.join(dir, 'resources', 'udev', '70-counterpay-scanners.rules'),
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", MODE="0660", TAG+="uaccess"\n',
    );
  }
  fs.writeFileSync(
    path.join(dir, 'main', 'electron', 'main.ts'),
    o.shellMain ?? "await win.loadURL('counterpay://app/index.html');\n",
  );
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'counterpay', version: '0.1.0', main: 'dist/electron/main.js' }),
  );
  fs.writeFileSync(path.join(dir, 'electron-builder.yml'), (o.yaml ?? ((y) => y))(realYaml));
  return dir;
}

function check(dir: string): { code: number; problems: string[] } {
  const r = spawnSync(process.execPath, [checker, '--project', dir, '--json'], { encoding: 'utf8' });
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; problems: string[] };
  expect(out.ok).toBe(r.status === 0);
  return { code: r.status ?? 1, problems: out.problems };
}

function replaceOnce(y: string, from: string, to: string): string {
  expect(y.includes(from), `fixture text not found: ${from}`).toBe(true);
  return y.replace(from, to);
}

describe('check-builder-config', () => {
  it('accepts the real electron-builder.yml in a complete project', () => {
    const r = check(makeProject());
    expect(r.problems).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("fails on an unknown key, through electron-builder's own schema validation", () => {
    const r = check(makeProject({ yaml: (y) => replaceOnce(y, 'nsis:\n', 'nsis:\n  oneClik: false\n') }));
    expect(r.code).toBe(1);
    expect(r.problems.join('\n')).toMatch(/electron-builder 26\.\d+\.\d+ rejects/);
    expect(r.problems.join('\n')).toMatch(/configuration\.nsis/);
  });

  it('fails on a known key in the wrong place', () => {
    const r = check(makeProject({ yaml: (y) => `${y}\nshortcutName: 收银台\n` }));
    expect(r.code).toBe(1);
    expect(r.problems.join('\n')).toMatch(/shortcutName/);
  });

  it('fails on a value of the wrong type', () => {
    const r = check(
      makeProject({ yaml: (y) => replaceOnce(y, 'createDesktopShortcut: always', 'createDesktopShortcut: sometimes') }),
    );
    expect(r.code).toBe(1);
    expect(r.problems.join('\n')).toMatch(/createDesktopShortcut/);
  });

  it('fails when electron-builder would rebuild native modules itself', () => {
    const r = check(makeProject({ yaml: (y) => replaceOnce(y, 'npmRebuild: false', 'npmRebuild: true') }));
    expect(r.code).toBe(1);
    expect(r.problems).toContain('npmRebuild must be false (scripts/package.mjs rebuilds better-sqlite3 itself)');
  });

  it('fails when a native module would stay inside the asar', () => {
    const r = check(
      makeProject({
        yaml: (y) => replaceOnce(replaceOnce(y, '  - "**/*.node"\n', ''), '  - node_modules/node-hid/**\n', ''),
      }),
    );
    expect(r.code).toBe(1);
    expect(r.problems.some((p) => p.includes('node-hid/prebuilds/HID-win32-x64/node-napi-v4.node'))).toBe(true);
    expect(r.problems.some((p) => p.includes('better-sqlite3'))).toBe(false);
  });

  it('fails when the deb does not install the udev rule', () => {
    const r = check(makeProject({ afterInstall: (s) => s.replaceAll('/lib/udev/rules.d', '/tmp') }));
    expect(r.code).toBe(1);
    expect(r.problems.join('\n')).toMatch(/\/lib\/udev\/rules\.d/);
  });

  it('fails when a deb script uses a macro electron-builder does not define, or is not valid bash', () => {
    const macro = check(makeProject({ afterInstall: (s) => s.replace("RULE_TARGET='", "RULE_TARGET='${ruleDir}") }));
    expect(macro.code).toBe(1);
    expect(macro.problems.join('\n')).toMatch(/undefined electron-builder macros: ruleDir/);
    const bash = check(makeProject({ afterInstall: (s) => `${s}\nif then fi\n` }));
    expect(bash.code).toBe(1);
    expect(bash.problems.join('\n')).toMatch(/not valid bash/);
  });

  it('fails when the udev rule is not shipped or does not exist', () => {
    const noExtra = check(
      makeProject({
        yaml: (y) =>
          replaceOnce(
            y,
            '  extraFiles:\n    - from: resources/udev/70-counterpay-scanners.rules\n      to: udev/70-counterpay-scanners.rules\n',
            '',
          ),
      }),
    );
    expect(noExtra.code).toBe(1);
    expect(noExtra.problems.join('\n')).toMatch(/must ship resources\/udev\/70-counterpay-scanners\.rules/);
    const noFile = check(makeProject({ withRule: false }));
    expect(noFile.code).toBe(1);
    expect(noFile.problems.join('\n')).toMatch(/70-counterpay-scanners\.rules is missing/);
  });

  it('fails when the shell loads file:// pages while the file-protocol fuse is off', () => {
    const r = check(makeProject({ shellMain: 'await win.loadFile(rendererIndex);\n' }));
    expect(r.code).toBe(1);
    expect(r.problems.join('\n')).toMatch(/grantFileProtocolExtraPrivileges/);
  });

  it('fails when the installer drops a language', () => {
    const r = check(
      makeProject({ yaml: (y) => replaceOnce(y, 'installerLanguages: [zh_CN, en_US]', 'installerLanguages: [en_US]') }),
    );
    expect(r.code).toBe(1);
    expect(r.problems).toContain('nsis.installerLanguages must include zh_CN');
  });
});
