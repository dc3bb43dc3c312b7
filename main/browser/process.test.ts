import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { afterEachCleanup } from '../store/test-cleanup.js';

/**
 * The browser shell's entry (main/browser/main.ts) as a real process (issue 11, items 3, 5, 6):
 * one Counterpay per data folder (an OS lock the kernel drops when the holder dies), a port
 * clash refused before the ledger is opened, a read-only data folder served as the recovery
 * page, and a fault nobody caught that does not end the shell.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.join(here, 'main.ts');
const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-proc-renderer-'));
fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');

interface Child {
  proc: ChildProcess;
  output(): string;
  /** Resolves with the ready line's JSON, or rejects with the exit code and output. */
  ready: Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

// A child is killed before the folders made ahead of it are removed (last made, first undone).
const cleanup = afterEachCleanup();
const tempDir = (prefix: string): string => cleanup.tempDataDir(prefix);

function start(dataDir: string, env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: {
      ...process.env,
      COUNTERPAY_DATA_DIR: dataDir,
      COUNTERPAY_PORT: '0',
      COUNTERPAY_GATEWAY_URL: '',
      COUNTERPAY_SCANNER: 'off',
      COUNTERPAY_RENDERER_DIR: rendererDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /^COUNTERPAY_READY (.+)$/m.exec(out);
      if (m?.[1]) resolve(JSON.parse(m[1]) as Record<string, unknown>);
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => reject(Object.assign(new Error(`exited ${code}:\n${out}`), { exitCode: code })));
  });
  ready.catch(() => undefined);
  const child = { proc, output: () => out, ready, exited };
  cleanup.defer(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  });
  return child;
}

/** Wait until the child's output matches (its own signal, never a fixed sleep). */
function waitForOutput(child: Child, re: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (re.test(child.output())) {
        cleanup();
        resolve();
      }
    };
    const onExit = (): void => {
      cleanup();
      reject(new Error(`exited before ${re}:\n${child.output()}`));
    };
    const cleanup = (): void => {
      child.proc.stdout?.off('data', check);
      child.proc.stderr?.off('data', check);
      child.proc.off('exit', onExit);
    };
    child.proc.stdout?.on('data', check);
    child.proc.stderr?.on('data', check);
    child.proc.once('exit', onExit);
    check();
  });
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

describe('one Counterpay per data folder', () => {
  it('a second start on a locked folder is refused naming the folder and the holder; after SIGKILL of the holder the next start succeeds', async () => {
    const dataDir = tempDir('cp-lock-e2e-');
    const first = start(dataDir);
    const ready = await first.ready;
    expect(ready.pid).toBe(first.proc.pid);

    const second = start(dataDir);
    expect(await second.exited).toBe(2);
    const out = second.output();
    expect(out).toContain(`The data folder ${path.resolve(dataDir)} is already in use by another Counterpay`);
    expect(out).toContain(`process ${first.proc.pid} (browser shell, started 20`);
    expect(out).toContain('数据文件夹');
    expect(out).not.toContain('COUNTERPAY_READY');

    // A crash: the OS drops the lock with the process, no stale lock file to clean up.
    first.proc.kill('SIGKILL');
    await first.exited;
    const third = start(dataDir);
    const r3 = await third.ready;
    expect(r3.pid).toBe(third.proc.pid);
    expect(await get(String(r3.url) + 'healthz')).toBe(200);
  }, 60_000);

  it('a port clash is refused before the core opens the ledger', async () => {
    const dataDir = tempDir('cp-port-');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanup.defer(() => void blocker.close());
    const port = (blocker.address() as net.AddressInfo).port;
    const child = start(dataDir, { COUNTERPAY_PORT: String(port) });
    expect(await child.exited).toBe(2);
    expect(child.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(fs.existsSync(path.join(dataDir, 'counterpay.db'))).toBe(false);
  }, 60_000);
});

describe('faults nobody caught', () => {
  it('a throw in a timer and an unhandled rejection are logged and the shell keeps serving', async () => {
    const dataDir = tempDir('cp-fault-');
    const child = start(dataDir, { COUNTERPAY_TEST_FAULTS: '1' });
    const ready = await child.ready;
    child.proc.kill('SIGUSR2');
    await waitForOutput(child, /process\.fault.*test fault: thrown in a timer/);
    await waitForOutput(child, /process\.fault.*test fault: rejected and never handled/);
    expect(child.proc.exitCode).toBeNull();
    expect(await get(String(ready.url) + 'healthz')).toBe(200);
    const log = fs.readFileSync(path.join(dataDir, 'logs', 'counterpay.log'), 'utf8');
    expect(log).toMatch(/"event":"process.fault".*"kind":"uncaught-exception"/);
    expect(log).toMatch(/"event":"process.fault".*"kind":"unhandled-rejection"/);
  }, 60_000);
});

describe('a data folder that cannot be written', () => {
  it('a data folder path that runs through a file starts the recovery page naming the folder', async () => {
    const base = tempDir('cp-ro-');
    fs.writeFileSync(path.join(base, 'not-a-folder'), '');
    const dataDir = path.join(base, 'not-a-folder', 'counterpay');
    const child = start(dataDir);
    const ready = await child.ready;
    expect(ready.recovery).toBe('data-folder-unwritable');
    expect(child.output()).toContain(`the data folder ${dataDir} cannot be written`);
    expect(child.output()).not.toMatch(/^\s+at /m); // no stack trace
    expect(await get(String(ready.url))).toBe(200);
  }, 60_000);

  it('an immutable data folder (chattr +i: root cannot write it either) starts the recovery page, not a stack trace', async (ctx) => {
    const dataDir = tempDir('cp-immutable-');
    try {
      execFileSync('chattr', ['+i', dataDir], { stdio: 'ignore' });
    } catch {
      ctx.skip();
    }
    cleanup.defer(() => void execFileSync('chattr', ['-i', dataDir], { stdio: 'ignore' }));
    const child = start(dataDir);
    const ready = await child.ready;
    expect(ready.recovery).toBe('data-folder-unwritable');
    expect(child.output()).toContain(`the data folder ${dataDir} cannot be written (EPERM`);
    expect(child.output()).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 60_000);
});
