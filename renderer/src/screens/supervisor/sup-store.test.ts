import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SupervisorCheck } from '../../../../app/contract/supervisor.js';

// The core's answer to every command in this file: set per test.
const reply = vi.hoisted(() => ({ current: { ok: true, value: {} } as unknown }));
const sent = vi.hoisted(() => [] as { command: string; input: unknown }[]);
vi.mock('../../invoke.js', () => ({
  invoke: (command: string, input: unknown) => (sent.push({ command, input }), Promise.resolve(reply.current)),
  unwrap: (r: { ok: boolean; value?: unknown; error?: unknown }) => {
    if (r.ok) return r.value;
    throw r.error;
  },
  isAppError: () => true,
}));

const { openSupervisor, closeSupervisor, supCall, useSup } = await import('./sup-store.js');

const check: SupervisorCheck = {
  supervisor: { operatorNo: '1001', name: '张三', via: 'session' },
  policy: { openPaymentsAtClose: 'authorise' },
  pdfAvailable: false,
  denominationsFen: [10_000],
  openShiftId: 1,
};

beforeEach(() => {
  closeSupervisor();
  sent.length = 0;
});

describe('the supervisor screen by grant (sup-store)', () => {
  it('opens on a granted tab, and sends commands without any supervisor auth', async () => {
    openSupervisor();
    useSup.getState().setTab('x');
    useSup.getState().authorisedByGrant(check, ['refund'], ['bills', 'docs']);
    expect(useSup.getState()).toMatchObject({ tab: 'bills', byGrant: ['refund'], auth: null, pinAsked: false });
    reply.current = { ok: true, value: { bills: [], routes: {} } };
    await supCall('bill.search', { from: 0, to: 1, scope: 'day' });
    expect(sent[0]).toEqual({ command: 'bill.search', input: { from: 0, to: 1, scope: 'day' } });
  });

  it('a command outside the grants (supervisor-required) turns to the PIN gate and keeps the tab', async () => {
    openSupervisor('bills');
    useSup.getState().authorisedByGrant(check, ['refund'], ['bills']);
    reply.current = { ok: false, error: { code: 'supervisor-required' } };
    await expect(supCall('bill.void', { billNo: 'T01', reason: 'x' })).rejects.toEqual({
      code: 'supervisor-required',
    });
    expect(useSup.getState()).toMatchObject({ check: null, byGrant: null, pinAsked: true, tab: 'bills' });
  });

  it('主管授权 asks for the PIN; a supervisor then holds every tab; closing forgets both', () => {
    openSupervisor();
    useSup.getState().authorisedByGrant(check, ['cash-move'], ['cash']);
    useSup.getState().askSupervisor();
    expect(useSup.getState()).toMatchObject({ check: null, byGrant: null, pinAsked: true });
    const auth = { supervisorNo: '9001', supervisorPin: '9999' };
    useSup.getState().authorised({ ...check, supervisor: { operatorNo: '9001', name: '李主管', via: 'pin' } }, auth);
    expect(useSup.getState()).toMatchObject({ byGrant: null, auth });
    closeSupervisor();
    expect(useSup.getState()).toMatchObject({ check: null, auth: null, byGrant: null, pinAsked: false });
  });
});
