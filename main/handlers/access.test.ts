import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { COMMAND_NAMES, commands, type CommandName, type CounterpayApi } from '../../app/contract/index.js';
import { createWsClient, type SocketLike } from '../../app/transport/ws-client.js';
import { startBrowserShell, type BrowserShell } from '../browser/server.js';
import { createCore, type Core } from '../core.js';
import { afterEachCleanup } from '../store/test-cleanup.js';
import { tempDir } from '../store/test-helpers.js';
import { createMemoryTransport } from './memory-transport.js';

/**
 * Who may do what, through the real dispatcher and session service of a real core, over both
 * transports the counter uses (in-memory, and the browser shell's WebSocket).
 */

/** Commands that touch a bill, a payment or the drawer — by domain prefix, so new ones are covered. */
const MONEY_PREFIXES = [
  'bill.',
  'payment.',
  'sale.',
  'counter.',
  'cash.',
  'shift.',
  'scan.',
  'receipt.',
  'exceptions.',
  'report.',
];
/**
 * The only such commands a connection may call with nobody signed in on it, and why. Every
 * other one must answer not-signed-in.
 */
const PUBLIC_READS: Partial<Record<CommandName, string>> = {
  'counter.state':
    'read-only: what the counter shows; the same facts reach every screen as bill.changed / payment.progress events',
};

const touchesMoney = (name: string): boolean => MONEY_PREFIXES.some((p) => name.startsWith(p));

let clock = Date.parse('2026-12-04T09:00:00Z');
let core: Core;
let shell: BrowserShell;
let dataDir: string;
let removeDataDir: () => void;
const cleanup = afterEachCleanup();
const open: { close(): void }[] = [];

async function wsApi(): Promise<CounterpayApi & { close(): void }> {
  const socket = createWsClient({
    url: `ws://127.0.0.1:${shell.port}/ws?token=tok`,
    connect: (url) => new WebSocket(url) as unknown as SocketLike,
  });
  await socket.whenOpen();
  open.push(socket);
  return socket;
}

function memoryApi(connectionId: string): CounterpayApi & { close(): void } {
  const api = createMemoryTransport(core.dispatch, core.bus, connectionId);
  open.push(api);
  return api;
}

beforeAll(async () => {
  const data = tempDir('cp-access-');
  dataDir = data.dir;
  removeDataDir = data.cleanup;
  core = await createCore({
    shell: 'memory',
    dataDir,
    config: { session: { reconnectGraceMs: 30_000 } },
    now: () => clock,
  });
  await core.operators.add({ operatorNo: '1001', name: '张三', role: 'cashier', pin: '1234' });
  await core.operators.add({ operatorNo: '9001', name: '王主管', role: 'supervisor', pin: '246810' });
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cp-access-r-'));
  shell = await startBrowserShell({
    dispatch: core.dispatch,
    bus: core.bus,
    log: core.log,
    rendererDir,
    port: 0,
    token: 'tok',
  });
});

afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

afterAll(async () => {
  await shell.close();
  await core.close();
  removeDataDir();
});

/** Resolves when the session service has unbound `connections` more sessions (the socket's close reached the core). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
}

describe('the command table: bill, payment and drawer commands need a signed-in operator on the connection', () => {
  it('no such command is declared public, except the listed read-only ones', () => {
    const touched = COMMAND_NAMES.filter(touchesMoney);
    expect(touched).toEqual(
      expect.arrayContaining(['scan.submit', 'payment.collect', 'sale.quick', 'cash.move', 'shift.close']),
    );
    const publicOnes = touched.filter((n) => commands[n].access === 'public');
    expect(publicOnes.sort()).toEqual(Object.keys(PUBLIC_READS).sort());
  });

  for (const transport of ['memory', 'websocket'] as const) {
    it(`every non-public command answers not-signed-in to a connection where nobody signed in (${transport})`, async () => {
      const api = transport === 'memory' ? memoryApi('unsigned-walk') : await wsApi();
      const reachable: string[] = [];
      for (const name of COMMAND_NAMES) {
        if (commands[name].access === 'public') continue;
        // Any payload: the caller is refused before its input is even read.
        for (const input of [
          {},
          { billId: 1, barCode: '130000000000000001', text: '130000000000000001', source: 'keyboard-wedge' },
        ]) {
          const r = await api.invoke(name, input as never);
          if (r.ok || r.error.code !== 'not-signed-in') reachable.push(`${name}: ${JSON.stringify(r).slice(0, 120)}`);
        }
      }
      expect(reachable).toEqual([]);
    });
  }
});

describe('a scan from a connection where nobody signed in', () => {
  it('cannot pay for or add to the bill another screen is building (memory and WebSocket)', async () => {
    const counter = memoryApi('counter-window');
    expect((await counter.invoke('session.signIn', { operatorNo: '1001', pin: '1234' })).ok).toBe(true);
    const shift = await counter.invoke('shift.open', { floatFen: 10_000 });
    expect(shift.ok || (!shift.ok && shift.error.code === 'shift-already-open')).toBe(true);
    const sale = await counter.invoke('sale.quick', { amountFen: 1250 });
    expect(sale.ok).toBe(true);
    const billId = sale.ok ? sale.value.id : 0;

    const intruderWs = await wsApi();
    const intruderMem = memoryApi('intruder');
    for (const api of [intruderWs, intruderMem]) {
      const pay = await api.invoke('scan.submit', { text: '130000000000000099', source: 'keyboard-wedge' });
      expect(pay).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
      const add = await api.invoke('scan.submit', { text: '6901234567892', source: 'keyboard-wedge' });
      expect(add).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
      expect(await api.invoke('payment.collect', { billId, barCode: '130000000000000098' })).toMatchObject({
        ok: false,
        error: { code: 'not-signed-in' },
      });
    }
    const bill = core.bills.get(billId);
    expect(bill).toMatchObject({ status: 'open', totalFen: 1250 });
    expect(core.payments.latestForBill(billId)).toBeNull();
    // the cashier's own screen still works
    expect(await counter.invoke('counter.clear', {})).toMatchObject({ ok: true });
    expect((await counter.invoke('session.signOut', {})).ok).toBe(true);
  });
});

describe('sessions end with their connection', () => {
  beforeEach(() => {
    clock += 60 * 60_000;
  });

  it('a closed WebSocket leaves nobody "working"; a reload within the grace period resumes with its ticket, later it asks for sign-in', async () => {
    const first = await wsApi();
    const signedIn = await first.invoke('session.signIn', { operatorNo: '1001', pin: '1234' });
    expect(signedIn.ok).toBe(true);
    const ticket = signedIn.ok ? signedIn.value.resumeToken! : '';
    expect(core.sessions.activeOperator()).toMatchObject({ operatorNo: '1001' });

    first.close();
    await until(() => core.sessions.activeOperator() === null);

    // a reload 10 s later: the new page presents the ticket from its sessionStorage
    clock += 10_000;
    const second = await wsApi();
    expect(await second.invoke('session.state', {})).toMatchObject({ ok: true, value: { operator: null } });
    const resumed = await second.invoke('session.resume', { token: ticket });
    expect(resumed).toMatchObject({ ok: true, value: { operator: { operatorNo: '1001' } } });
    const ticket2 = resumed.ok ? resumed.value.resumeToken! : '';
    expect(ticket2).not.toBe(ticket);
    // the old ticket is spent
    expect(await (await wsApi()).invoke('session.resume', { token: ticket })).toMatchObject({
      ok: false,
      error: { code: 'not-signed-in' },
    });

    // the socket goes away for longer than the grace period: sign in again
    second.close();
    await until(() => core.sessions.activeOperator() === null);
    clock += 30_001;
    const third = await wsApi();
    expect(await third.invoke('session.resume', { token: ticket2 })).toMatchObject({
      ok: false,
      error: { code: 'not-signed-in' },
    });
    expect(await third.invoke('session.state', {})).toMatchObject({ ok: true, value: { operator: null } });
  });

  it('the page token alone resumes nothing', async () => {
    const api = await wsApi();
    expect(await api.invoke('session.resume', { token: 'tok'.padEnd(16, 'x') })).toMatchObject({
      ok: false,
      error: { code: 'not-signed-in' },
    });
  });

  it('a restart forgets every session: the ticket of the old run is refused', async () => {
    const api = memoryApi('before-restart');
    const r = await api.invoke('session.signIn', { operatorNo: '1001', pin: '1234' });
    const ticket = r.ok ? r.value.resumeToken! : '';
    const dir2 = cleanup.tempDataDir('cp-access-restart-');
    fs.cpSync(dataDir, dir2, { recursive: true });
    const restarted = await createCore({ shell: 'memory', dataDir: dir2, config: {}, now: () => clock });
    try {
      const again = createMemoryTransport(restarted.dispatch, restarted.bus, 'after-restart');
      expect(await again.invoke('session.resume', { token: ticket })).toMatchObject({
        ok: false,
        error: { code: 'not-signed-in' },
      });
      again.close();
    } finally {
      await restarted.close();
    }
  });

  it('sign-out and disconnect end a 系统设置 authorisation', async () => {
    // finish first-run setup so that setup needs a supervisor
    const installer = memoryApi('installer');
    const status = await installer.invoke('setup.status', {});
    expect(status.ok).toBe(true);
    if (!status.ok) return;
    const saved = await installer.invoke('setup.save', { settings: status.value.settings, finish: true });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);

    const sup = await wsApi();
    expect((await sup.invoke('session.signIn', { operatorNo: '9001', pin: '246810' })).ok).toBe(true);
    // signed in as supervisor is not enough
    expect(await sup.invoke('setup.status', {})).toMatchObject({ ok: false, error: { code: 'supervisor-required' } });
    expect((await sup.invoke('setup.authorize', { operatorNo: '9001', pin: '246810' })).ok).toBe(true);
    expect((await sup.invoke('setup.status', {})).ok).toBe(true);
    expect((await sup.invoke('session.signOut', {})).ok).toBe(true);
    expect(await sup.invoke('setup.status', {})).toMatchObject({ ok: false, error: { code: 'supervisor-required' } });

    // the WebSocket closes: a later connection cannot use it (and this one's is gone)
    expect((await sup.invoke('setup.authorize', { operatorNo: '9001', pin: '246810' })).ok).toBe(true);
    let ended = false;
    const revoke = core.installer.setup.revoke.bind(core.installer.setup);
    core.installer.setup.revoke = (id, reason) => {
      const held = revoke(id, reason);
      if (reason === 'disconnected' && held) ended = true;
      return held;
    };
    try {
      sup.close();
      await until(() => ended);
    } finally {
      core.installer.setup.revoke = revoke;
    }
  });
});
