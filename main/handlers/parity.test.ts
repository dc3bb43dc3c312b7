import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMAND_NAMES, commands, type CounterpayApi } from '../../app/contract/index.js';
import { createWsClient, type SocketLike } from '../../app/transport/ws-client.js';
import { startBrowserShell, type BrowserShell } from '../browser/server.js';
import { createCore, type Core } from '../core.js';
import { tempDir } from '../store/test-helpers.js';
import { createHandlers } from './index.js';
import { createMemoryTransport } from './memory-transport.js';

/**
 * Contract parity: every command has a handler, and every command behaves the same through the
 * in-memory and the WebSocket transports (the Electron binding is unit-tested in main/electron).
 */
let core: Core;
let shell: BrowserShell;
let memory: CounterpayApi & { close(): void };
let socket: ReturnType<typeof createWsClient>;
let dataDir: string;
let removeDataDir: () => void;

beforeAll(async () => {
  const data = tempDir('cp-parity-');
  dataDir = data.dir;
  removeDataDir = data.cleanup;
  core = await createCore({ shell: 'memory', dataDir, config: {} });
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-parity-r-'));
  shell = await startBrowserShell({
    dispatch: core.dispatch,
    bus: core.bus,
    log: core.log,
    rendererDir,
    port: 0,
    token: 'tok',
  });
  memory = createMemoryTransport(core.dispatch, core.bus);
  socket = createWsClient({
    url: `ws://127.0.0.1:${shell.port}/ws?token=tok`,
    connect: (url) => new WebSocket(url) as unknown as SocketLike,
  });
  await socket.whenOpen();
});

afterAll(async () => {
  socket.close();
  memory.close();
  await shell.close();
  await core.close();
  removeDataDir();
});

describe('contract parity', () => {
  it('every command of the contract has exactly one handler', () => {
    const handlers = createHandlers(core);
    expect(Object.keys(handlers).sort()).toEqual([...COMMAND_NAMES].sort());
    for (const name of COMMAND_NAMES) expect(typeof handlers[name]).toBe('function');
  });

  it('every command refuses a malformed payload the same way on both transports, naming the field', async () => {
    for (const name of COMMAND_NAMES) {
      const bogus = { __notAField: 1 } as never;
      const viaMemory = await memory.invoke(name, bogus);
      const viaSocket = await socket.invoke(name, bogus);
      expect(viaSocket, name).toEqual(viaMemory);
      // Strict schemas: an unknown key never reaches a handler.
      expect(viaMemory.ok, name).toBe(false);
      if (!viaMemory.ok) {
        expect(['invalid-input', 'not-signed-in', 'supervisor-required', 'forbidden', 'unauthorized'], name).toContain(
          viaMemory.error.code,
        );
      }
    }
  });

  it('an unknown command is refused on both transports', async () => {
    const a = await memory.invoke('drop.tables' as never, {} as never);
    const b = await socket.invoke('drop.tables' as never, {} as never);
    expect(a).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(b).toEqual(a);
    // And through the raw dispatcher (what the Electron IPC handler calls).
    expect(await core.dispatch('drop.tables', {}, { transport: 'electron', connectionId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unknown-command' },
    });
  });

  it('public read commands give the same data on both transports, valid against the contract', async () => {
    for (const name of ['app.info', 'counter.state'] as const) {
      const a = await memory.invoke(name, {});
      const b = await socket.invoke(name, {});
      expect(a.ok).toBe(true);
      expect(b).toEqual(a);
      if (a.ok) expect(commands[name].output.safeParse(a.value).success).toBe(true);
    }
    const info = await memory.invoke('app.info', {});
    expect(info.ok && info.value.sandbox).toBe(true);
  });

  it('events reach subscribers of both transports with the same payload', async () => {
    const viaMemory = new Promise((resolve) => memory.on('scan.routed', resolve));
    const viaSocket = new Promise((resolve) => socket.on('scan.routed', resolve));
    const payload = {
      action: 'reject',
      kind: 'unknown',
      reason: 'unrecognised',
      zh: '无法识别',
      en: 'Unrecognised',
    } as const;
    core.bus.emit('scan.routed', payload);
    expect(await viaMemory).toEqual(payload);
    expect(await viaSocket).toEqual(payload);
  });
});
