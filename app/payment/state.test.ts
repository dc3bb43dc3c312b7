import { describe, expect, it } from 'vitest';
import type { AttemptState as ContractAttemptState } from '../contract/schemas.js';
import type { GatewayReply } from './gateway-schema.js';
import {
  ATTEMPT_STATES,
  isFinal,
  isLive,
  nextQueryDelayMs,
  reconcileDelayMs,
  transition,
  TRANSPORT_FAILURES,
  type AttemptEvent,
  type AttemptReason,
  type AttemptState,
  type Effect,
} from './state.js';

// The contract's state enum and the machine's must be the same set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameStates: Same<AttemptState, ContractAttemptState> = true;

function reply(errcode: number, paystatus: string, errmsg = '', paystatusdesc = ''): GatewayReply {
  return {
    errcode,
    errmsg,
    tag: { billnum: 'B1', autoid: '7', billstatus: '', paystatus, paystatusdesc },
    tagPresent: true,
  };
}

const PAID = reply(0, 'SUCCESS', 'ok');
const PAYING = reply(0, 'USERPAYING', '需要用户输入支付密码');
const DECLINED = reply(1, '', 'NOTENOUGH: 用户余额不足');
const UNKNOWN_BIZ = reply(99, '', '奇怪的错误');
const UNLISTED = reply(0, 'SOMETHING_NEW');

/** One representative of every event shape the machine distinguishes. */
const EVENTS: Record<string, AttemptEvent> = {
  'request-sent': { type: 'request-sent' },
  'reply-paid(barcode)': { type: 'gateway-reply', request: 'barcode', reply: PAID },
  'reply-paid(query)': { type: 'gateway-reply', request: 'query', reply: PAID },
  'reply-paying': { type: 'gateway-reply', request: 'query', reply: PAYING },
  'reply-declined': { type: 'gateway-reply', request: 'barcode', reply: DECLINED },
  'reply-unknown-business': { type: 'gateway-reply', request: 'query', reply: UNKNOWN_BIZ },
  'reply-unlisted-status': { type: 'gateway-reply', request: 'query', reply: UNLISTED },
  ...Object.fromEntries(
    TRANSPORT_FAILURES.flatMap((f) => [
      [
        `failure-${f}(barcode)`,
        { type: 'transport-failure', request: 'barcode', failure: f, message: f } as AttemptEvent,
      ],
      [`failure-${f}(query)`, { type: 'transport-failure', request: 'query', failure: f, message: f } as AttemptEvent],
    ]),
  ),
  'deadline-passed': { type: 'deadline-passed' },
  'stop-waiting': { type: 'stop-waiting' },
  'resolve-cancelled': { type: 'supervisor-resolve', resolution: 'cancelled' },
  'resolve-paid': { type: 'supervisor-resolve', resolution: 'paid' },
  'resolve-declined': { type: 'supervisor-resolve', resolution: 'declined' },
};

type Expect = { state: AttemptState; reason?: AttemptReason | 'same'; effects?: Effect[]; ignored?: boolean };

/** Expected answer for every (state, event) pair. Written out, not computed. */
function expected(state: AttemptState, ev: string): Expect {
  if (isFinal(state)) {
    const conflict = (ev.startsWith('reply-paid') && state !== 'paid') || (ev === 'reply-declined' && state === 'paid');
    return { state, reason: 'same', ignored: true, effects: conflict ? ['conflict', 'notify'] : [] };
  }
  const liveQuery: Effect = state === 'unconfirmed' ? 'schedule-reconcile' : 'schedule-query';
  switch (ev) {
    case 'request-sent':
      return state === 'created'
        ? { state: 'sent', reason: 'request-sent', effects: ['schedule-query', 'notify'] }
        : { state, reason: 'same', ignored: true, effects: [] };
    case 'reply-paid(barcode)':
    case 'reply-paid(query)':
      return { state: 'paid', reason: 'paid', effects: ['stop-queries', 'final', 'notify'] };
    case 'reply-declined':
      return { state: 'declined', reason: 'declined-by-gateway', effects: ['stop-queries', 'final', 'notify'] };
    case 'reply-paying':
      return state === 'unconfirmed'
        ? { state, reason: 'same', effects: ['schedule-reconcile'] }
        : state === 'awaiting-payer' // prior reason is payer-confirming: no change
          ? { state: 'awaiting-payer', reason: 'payer-confirming', effects: ['schedule-query'] }
          : { state: 'awaiting-payer', reason: 'payer-confirming', effects: ['schedule-query', 'notify'] };
    case 'reply-unknown-business':
    case 'reply-unlisted-status':
      return state === 'unconfirmed'
        ? { state, reason: 'same', effects: ['schedule-reconcile'] }
        : { state: 'awaiting-payer', reason: 'unclear-reply', effects: ['schedule-query', 'notify'] };
    case 'deadline-passed':
      return state === 'unconfirmed'
        ? { state, reason: 'same', ignored: true, effects: [] }
        : { state: 'unconfirmed', reason: 'deadline', effects: ['schedule-reconcile', 'notify'] };
    case 'stop-waiting':
      return state === 'unconfirmed'
        ? { state, reason: 'same', ignored: true, effects: [] }
        : { state: 'unconfirmed', reason: 'stopped-by-cashier', effects: ['schedule-reconcile', 'notify'] };
    case 'resolve-cancelled':
      return { state: 'cancelled', reason: 'supervisor-cancelled', effects: ['stop-queries', 'final', 'notify'] };
    case 'resolve-paid':
      return { state: 'paid', reason: 'supervisor-paid', effects: ['stop-queries', 'final', 'notify'] };
    case 'resolve-declined':
      return { state: 'declined', reason: 'supervisor-declined', effects: ['stop-queries', 'final', 'notify'] };
  }
  const m = /^failure-(.+)\((barcode|query)\)$/.exec(ev);
  if (m) {
    const failure = m[1]!;
    const request = m[2]!;
    if (failure === 'refused' && request === 'barcode' && (state === 'created' || state === 'sent')) {
      return { state: 'declined', reason: 'not-delivered', effects: ['stop-queries', 'final', 'notify'] };
    }
    if (state === 'unconfirmed') return { state, reason: 'same', effects: ['schedule-reconcile'] };
    const to: AttemptState = state === 'created' && request === 'barcode' ? 'sent' : state;
    // every prior reason differs from transport-*, so this is always a change: query + notify
    return { state: to, reason: `transport-${failure}` as AttemptReason, effects: [liveQuery, 'notify'] };
  }
  throw new Error(`no expectation for ${ev}`);
}

const PRIOR_REASONS: Partial<Record<AttemptState, AttemptReason>> = {
  created: 'committed',
  sent: 'request-sent',
  'awaiting-payer': 'payer-confirming',
  unconfirmed: 'deadline',
  paid: 'paid',
  declined: 'declined-by-gateway',
  cancelled: 'supervisor-cancelled',
};

describe('transition: every (state, event) pair', () => {
  it('the machine states equal the contract states', () => {
    expect(sameStates).toBe(true);
    expect([...ATTEMPT_STATES].sort()).toEqual(
      ['awaiting-payer', 'cancelled', 'created', 'declined', 'paid', 'sent', 'unconfirmed'].sort(),
    );
  });

  for (const state of ATTEMPT_STATES) {
    for (const [name, event] of Object.entries(EVENTS)) {
      it(`${state} + ${name}`, () => {
        const prior = { state, reason: PRIOR_REASONS[state] };
        const out = transition(prior, event, 1234);
        const exp = expected(state, name);
        expect(out.state).toBe(exp.state);
        expect(out.at).toBe(1234);
        expect(out.reason).toBe(exp.reason === 'same' ? prior.reason : exp.reason);
        expect(out.ignored).toBe(exp.ignored ?? false);
        expect(out.changed).toBe(out.state !== prior.state || out.reason !== prior.reason);
        if (exp.effects) expect(out.effects).toEqual(exp.effects);
        // Invariants that hold for every pair:
        if (isFinal(out.state) && !isFinal(state)) {
          expect(out.effects).toContain('final');
          expect(out.effects).toContain('stop-queries');
        }
        if (isLive(out.state) && !out.ignored) {
          expect(out.effects.some((e) => e === 'schedule-query' || e === 'schedule-reconcile')).toBe(true);
        }
        if (out.changed) expect(out.effects).toContain('notify');
        // Only a supervisor ever cancels.
        if (out.state === 'cancelled' && state !== 'cancelled') expect(event.type).toBe('supervisor-resolve');
        // Stop waiting never declines.
        if (event.type === 'stop-waiting' && state !== 'declined') expect(out.state).not.toBe('declined');
        // Transport trouble never declines, except a BarCode that provably never left.
        if (event.type === 'transport-failure' && out.state === 'declined' && state !== 'declined') {
          expect(event.failure).toBe('refused');
          expect(event.request).toBe('barcode');
        }
        // Paid only from errcode 0 + a paid status, or a supervisor.
        if (out.state === 'paid' && state !== 'paid') {
          if (event.type === 'gateway-reply') {
            expect(event.reply.errcode).toBe(0);
            expect(event.reply.tag.paystatus).toBe('SUCCESS');
          } else expect(event.type).toBe('supervisor-resolve');
        }
      });
    }
  }
});

describe('transition: scenarios', () => {
  it('password flow: sent → awaiting-payer → paid', () => {
    let a: { state: AttemptState; reason?: AttemptReason | undefined } = { state: 'created', reason: 'committed' };
    a = transition(a, { type: 'request-sent' }, 1);
    expect(a.state).toBe('sent');
    const r1 = transition(a, { type: 'gateway-reply', request: 'barcode', reply: PAYING }, 2);
    expect(r1.state).toBe('awaiting-payer');
    expect(r1.classification?.verdict).toBe('in-progress');
    const r2 = transition(r1, { type: 'gateway-reply', request: 'query', reply: PAYING }, 3);
    expect(r2.changed).toBe(false);
    expect(r2.effects).toEqual(['schedule-query']);
    const r3 = transition(r2, { type: 'gateway-reply', request: 'query', reply: PAID }, 4);
    expect(r3.state).toBe('paid');
  });

  it('an unconfirmed attempt can still become paid or declined and keeps its reason while unclear', () => {
    const u = { state: 'unconfirmed' as const, reason: 'stopped-by-cashier' as const };
    expect(
      transition(u, { type: 'transport-failure', request: 'query', failure: 'timeout', message: 't' }, 0).reason,
    ).toBe('stopped-by-cashier');
    expect(transition(u, { type: 'gateway-reply', request: 'query', reply: PAID }, 0).state).toBe('paid');
    expect(transition(u, { type: 'gateway-reply', request: 'query', reply: reply(0, 'CLOSED') }, 0).state).toBe(
      'declined',
    );
    // A refused query on an unconfirmed attempt proves nothing.
    expect(
      transition(u, { type: 'transport-failure', request: 'barcode', failure: 'refused', message: '' }, 0).state,
    ).toBe('unconfirmed');
  });

  it('errcode != 0 with SUCCESS is never paid; errcode 0 without a status is never final', () => {
    expect(
      transition({ state: 'sent' }, { type: 'gateway-reply', request: 'barcode', reply: reply(1, 'SUCCESS', 'x') }, 0)
        .state,
    ).toBe('awaiting-payer');
    expect(
      transition({ state: 'sent' }, { type: 'gateway-reply', request: 'barcode', reply: reply(0, '') }, 0).state,
    ).toBe('awaiting-payer');
    expect(
      transition({ state: 'sent' }, { type: 'gateway-reply', request: 'barcode', reply: reply(0, 'success') }, 0).state,
    ).toBe('paid');
  });

  it('a definitive reply contradicting a final state raises a conflict without changing it', () => {
    const r = transition(
      { state: 'declined', reason: 'declined-by-gateway' },
      { type: 'gateway-reply', request: 'query', reply: PAID },
      0,
    );
    expect(r.state).toBe('declined');
    expect(r.effects).toEqual(['conflict', 'notify']);
    const same = transition(
      { state: 'paid', reason: 'paid' },
      { type: 'gateway-reply', request: 'query', reply: PAID },
      0,
    );
    expect(same.effects).toEqual([]);
  });

  it('failures from created move it to sent only for the BarCode request', () => {
    const q = transition(
      { state: 'created' },
      { type: 'transport-failure', request: 'query', failure: 'reset', message: '' },
      0,
    );
    expect(q.state).toBe('created');
    expect(q.effects).toContain('schedule-query');
    const b = transition(
      { state: 'created' },
      { type: 'transport-failure', request: 'barcode', failure: 'timeout', message: '' },
      0,
    );
    expect(b.state).toBe('sent');
  });
});

describe('nextQueryDelayMs', () => {
  function simulate(opts: Parameters<typeof nextQueryDelayMs>[2] = {}, rttMs = 0) {
    const times: number[] = [];
    let t = 0;
    let n = 0;
    for (;;) {
      const d = nextQueryDelayMs(t, n, opts);
      if (d === null) break;
      expect(d).toBeGreaterThanOrEqual(0);
      t += d;
      times.push(t);
      n += 1;
      t += rttMs;
      if (n > 1000) throw new Error('runaway');
    }
    return times;
  }

  it('queries soon, then spaces out, ≤ 40 queries and ≤ 2/s within a 60 s deadline', () => {
    for (const rtt of [0, 20, 150, 900]) {
      const times = simulate({}, rtt);
      expect(times.length).toBeLessThanOrEqual(40);
      expect(times[0]).toBeLessThanOrEqual(500);
      expect(times[0]).toBeGreaterThanOrEqual(300);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(500);
      // any 1 s window holds at most 2 queries
      for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(1000);
      expect(times[times.length - 1]!).toBeLessThan(60_000);
      // it keeps querying until near the end (not silent for the last 10 s)
      expect(times[times.length - 1]!).toBeGreaterThan(50_000);
    }
    const zero = simulate();
    // gaps grow: early gaps are shorter than late ones
    expect(zero[1]! - zero[0]!).toBeLessThan(zero[zero.length - 1]! - zero[zero.length - 2]!);
    // a password typed in ~5 s is seen within ~0.5 s
    const firstAfter5s = zero.find((x) => x >= 5000)!;
    expect(firstAfter5s - 5000).toBeLessThanOrEqual(1000);
    expect(zero.length).toBeGreaterThanOrEqual(25);
  });

  it('respects other deadlines and budgets', () => {
    for (const deadlineMs of [10_000, 30_000, 90_000, 180_000]) {
      for (const maxQueries of [5, 20, 40]) {
        const times = simulate({ deadlineMs, maxQueries });
        expect(times.length).toBeLessThanOrEqual(maxQueries);
        expect(times.every((x) => x < deadlineMs)).toBe(true);
      }
    }
    expect(nextQueryDelayMs(60_000, 3)).toBeNull();
    expect(nextQueryDelayMs(1000, 40)).toBeNull();
    expect(nextQueryDelayMs(0, 0)).toBe(400);
  });
});

describe('reconcileDelayMs', () => {
  it('5 s doubling to a 5 min cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => reconcileDelayMs(n))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000,
    ]);
    expect(reconcileDelayMs(10_000)).toBe(300_000);
    expect(reconcileDelayMs(-3)).toBe(5_000);
  });
  it('jitter stays within bounds and under the cap', () => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const d = reconcileDelayMs(1, { jitter: 0.2, random: () => r });
      expect(d).toBeGreaterThanOrEqual(9_000);
      expect(d).toBeLessThanOrEqual(11_000);
      expect(reconcileDelayMs(20, { jitter: 0.5, random: () => r })).toBeLessThanOrEqual(300_000);
    }
  });
});
