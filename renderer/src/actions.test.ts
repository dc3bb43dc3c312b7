import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CounterpayApi } from '../../app/contract/index.js';
import type { AttemptView, BillView } from '../../app/contract/schemas.js';
import type { Result } from '../../app/result.js';

/**
 * What the counter's entry field sends for what the cashier typed, and that bad input sends
 * nothing. The API is a recording fake installed as `window.counterpay` (the Electron path).
 */

type Call = { command: string; input: unknown };
const calls: Call[] = [];
let replies: Record<string, (input: never) => Result<unknown>> = {};

const fake: CounterpayApi = {
  shell: 'electron',
  invoke(command, input) {
    calls.push({ command, input });
    const reply = replies[command];
    return Promise.resolve((reply ? reply(input as never) : { ok: false, error: { code: 'internal-error' } }) as never);
  },
  on: () => () => {},
};

function bill(over: Partial<BillView> = {}): BillView {
  return {
    id: 1,
    billNo: 'T01-250131-120000-0001',
    kind: 'sale',
    businessType: 1,
    status: 'open',
    totalFen: 0,
    dueFen: 0,
    cardNo: null,
    lines: [],
    tenders: [],
    operatorNo: '1001',
    shiftId: 1,
    suspendedLabel: null,
    createdAt: 0,
    updatedAt: 0,
    closedAt: null,
    ...over,
  };
}

const withLine = (amountFen: number) =>
  bill({
    totalFen: amountFen,
    dueFen: amountFen,
    lines: [{ lineNo: 1, itemCode: null, name: '', unitPriceFen: amountFen, quantity: 1, amountFen, voided: false }],
  });

let actions: typeof import('./actions.js');
let store: typeof import('./store/index.js');

beforeAll(async () => {
  (globalThis as unknown as { window: unknown }).window = { counterpay: fake };
  actions = await import('./actions.js');
  store = await import('./store/index.js');
});

beforeEach(() => {
  calls.length = 0;
  replies = {};
  const s = store.useCounter.getState();
  s.setBill(null);
  s.applyAttempt(null);
  s.setCollecting(false);
  s.setNotice(null);
  s.setBusy(false);
});

const sent = () => calls.map((c) => c.command);
const counterState = (b: BillView | null, attempt: AttemptView | null) => ({
  bill: b,
  attempt,
  lastCompleted: null,
  connectivity: { gateway: 'online', backOffice: 'online', outboxDepth: 0, oldestWaitingMs: null },
});
const phase = () => store.selectPhase(store.useCounter.getState());

describe('the entry field', () => {
  it('refuses bad amounts with a message naming the limit, and sends nothing', async () => {
    for (const bad of ['0', '-5', '12.345', '100000000', '1.2.3']) {
      expect(await actions.submitEntry(bad)).toBe(false);
      expect(store.useCounter.getState().notice?.tone).toBe('error');
    }
    expect(calls).toEqual([]);
    await actions.submitEntry('100000000');
    const n = store.useCounter.getState().notice;
    expect(n?.kind === 'text' && n.zh).toContain('99,999,999.99');
  });

  it('starts a quick sale from an amount, then waits for the payment code', async () => {
    replies['sale.quick'] = (input: { amountFen: number }) => ({ ok: true, value: withLine(input.amountFen) });
    expect(await actions.submitEntry('12.50')).toBe(true);
    expect(calls).toEqual([{ command: 'sale.quick', input: { amountFen: 1250 } }]);
    expect(phase()).toBe('collect');
  });

  it('collects with a payment code and keeps the bill locked while the attempt is live', async () => {
    store.useCounter.getState().setBill(withLine(800));
    store.useCounter.getState().setCollecting(true);
    const attempt: AttemptView = {
      id: 9,
      billId: 1,
      billNo: 'x',
      attemptNo: 1,
      gatewayBillNum: 'x-1',
      state: 'sent',
      stateReason: null,
      amountFen: 800,
      barCodeMasked: '1345****6789',
      lastPaystatus: null,
      lastMessage: null,
      queryCount: 0,
      createdAt: 0,
      deadlineAt: 60_000,
      finalAt: null,
      now: 1,
      outcome: null,
    };
    // The core routes the typed code as it routes a scan, and collects; the screen re-reads the counter.
    replies['scan.submit'] = () => ({
      ok: true,
      value: { action: 'pay', kind: 'wechat', reason: null, zh: '', en: '' },
    });
    replies['counter.state'] = () => ({ ok: true, value: counterState(withLine(800), attempt) });
    expect(await actions.submitEntry('134567890123456789')).toBe(true);
    expect(calls).toEqual([
      { command: 'scan.submit', input: { text: '134567890123456789', source: 'typed', collecting: true } },
      { command: 'counter.state', input: {} },
    ]);
    expect(phase()).toBe('paying');
    // A second code while the attempt is live is refused on screen, before anything is sent.
    expect(await actions.submitPaymentCode('130000000000000002')).toBe(false);
    expect(await actions.submitEntry('130000000000000002')).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('refuses a payment code longer than 40 characters before sending', async () => {
    store.useCounter.getState().setBill(withLine(800));
    expect(await actions.submitPaymentCode('1'.repeat(41))).toBe(false);
    expect(calls).toEqual([]);
    const n = store.useCounter.getState().notice;
    expect(n?.kind === 'key' && n.key).toBe('pay.codeTooLong');
  });

  it('adds products by code (EAN by its check digit; codes with letters), and free amounts while building', async () => {
    store.useCounter.getState().setBill(withLine(500));
    replies['scan.submit'] = () => ({
      ok: true,
      value: { action: 'add-product', kind: 'ean13', reason: null, zh: '', en: '' },
    });
    replies['counter.state'] = () => ({ ok: true, value: counterState(withLine(500), null) });
    replies['bill.addFree'] = () => ({ ok: true, value: withLine(500) });
    await actions.submitEntry('6901234567892');
    await actions.submitEntry('A-001');
    await actions.submitEntry('3.5');
    // Codes go to the core's router (as scans do); an amount stays the entry's own.
    expect(calls).toEqual([
      { command: 'scan.submit', input: { text: '6901234567892', source: 'typed' } },
      { command: 'counter.state', input: {} },
      { command: 'scan.submit', input: { text: 'A-001', source: 'typed' } },
      { command: 'counter.state', input: {} },
      { command: 'bill.addFree', input: { billId: 1, amountFen: 350 } },
    ]);
  });

  it('Enter on an empty field while building goes to 请扫描付款码, without a command', async () => {
    store.useCounter.getState().setBill(withLine(500));
    expect(phase()).toBe('building');
    await actions.submitEntry('');
    expect(phase()).toBe('collect');
    expect(calls).toEqual([]);
  });

  it('after a paid sale, a new amount clears the counter and starts the next sale', async () => {
    store.useCounter.getState().setBill(bill({ ...withLine(500), status: 'paid', dueFen: 0 }));
    replies['counter.clear'] = () => ({
      ok: true,
      value: {
        bill: null,
        attempt: null,
        lastCompleted: null,
        connectivity: { gateway: 'online', backOffice: 'online', outboxDepth: 0, oldestWaitingMs: null },
      },
    });
    replies['sale.quick'] = (input: { amountFen: number }) => ({ ok: true, value: withLine(input.amountFen) });
    await actions.submitEntry('20');
    expect(sent()).toEqual(['counter.clear', 'sale.quick']);
    expect(store.useCounter.getState().lastCompleted?.status).toBe('paid');
  });

  it('clearing a finished sale closes its dialog, but not one opened while the clear was on its way (F12 right after Enter)', async () => {
    const s = store.useCounter.getState();
    s.setBill(bill({ ...withLine(500), status: 'paid', dueFen: 0 }));
    s.openDialog({ kind: 'help' });
    replies['counter.clear'] = () => ({ ok: true, value: counterState(null, null) });
    await actions.clearCounter();
    expect(store.useCounter.getState().dialog).toBeNull();

    s.setBill(bill({ ...withLine(500), status: 'paid', dueFen: 0 }));
    replies['counter.clear'] = () => {
      store.useCounter.getState().openDialog({ kind: 'sign-out' });
      return { ok: true, value: counterState(null, null) };
    };
    await actions.clearCounter();
    expect(store.useCounter.getState().dialog).toEqual({ kind: 'sign-out' });
    store.useCounter.getState().openDialog(null);
  });

  it('the card step sends the card number; over 20 characters is refused on screen', async () => {
    store.useCounter.getState().setBill(bill({ kind: 'recharge', businessType: 7 }));
    expect(phase()).toBe('recharge-card');
    expect(await actions.submitEntry('1'.repeat(21))).toBe(false);
    replies['bill.setCard'] = (input: { cardNo: string }) => ({
      ok: true,
      value: bill({ kind: 'recharge', businessType: 7, cardNo: input.cardNo }),
    });
    await actions.submitEntry('88001234');
    expect(calls).toEqual([{ command: 'bill.setCard', input: { billId: 1, cardNo: '88001234' } }]);
    expect(phase()).toBe('recharge-amount');
  });
});

describe('cash', () => {
  it('less than the amount due is a cash part: the bill stays to collect with the rest due (split payment)', async () => {
    store.useCounter.getState().setBill(withLine(2550));
    replies['payment.cash'] = (input: { tenderedFen: number }) => ({
      ok: true,
      value: {
        bill: bill({
          ...withLine(2550),
          dueFen: 2550 - input.tenderedFen,
          tenders: [
            {
              kind: 'cash',
              amountFen: input.tenderedFen,
              tenderedFen: input.tenderedFen,
              changeFen: 0,
              reference: null,
              createdAt: 0,
            },
          ],
        }),
        changeFen: 0,
        tenderedFen: input.tenderedFen,
      },
    });
    expect(await actions.payCash('20')).toBe(true);
    expect(calls).toEqual([{ command: 'payment.cash', input: { billId: 1, tenderedFen: 2000 } }]);
    expect(phase()).toBe('collect');
    expect(store.useCounter.getState().notice).toMatchObject({ kind: 'text', zh: '已收现金 ¥20.00，还需收 ¥5.50' });
  });

  it('Enter alone is the exact amount', async () => {
    store.useCounter.getState().setBill(withLine(2550));
    replies['payment.cash'] = (input: { tenderedFen: number }) => ({
      ok: true,
      value: {
        bill: bill({ ...withLine(2550), status: 'paid', dueFen: 0 }),
        changeFen: input.tenderedFen - 2550,
        tenderedFen: input.tenderedFen,
      },
    });
    expect(await actions.payCash('')).toBe(true);
    expect(calls).toEqual([{ command: 'payment.cash', input: { billId: 1, tenderedFen: 2550 } }]);
    expect(phase()).toBe('paid');
  });
});

describe('a failed command (wired once in actions.ts for every action in actions/)', () => {
  it('not-signed-in: the error is on screen and the session is read again, after the action', async () => {
    replies['bill.new'] = () => ({ ok: false, error: { code: 'not-signed-in' } });
    expect(await actions.addItem('6901234567892')).toBe(false);
    await actions.whenIdle();
    expect(sent()).toEqual(['bill.new', 'session.state']);
    expect(store.useCounter.getState().notice).toMatchObject({
      tone: 'error',
      kind: 'error-code',
      code: 'not-signed-in',
    });
  });

  it('core-unreachable: the counter is read again 500 ms later, once', async () => {
    vi.useFakeTimers();
    try {
      replies['bill.new'] = () => ({ ok: false, error: { code: 'core-unreachable' } });
      await actions.addItem('6901234567892');
      await actions.addItem('6901234567892');
      expect(sent()).toEqual(['bill.new', 'bill.new']);
      await vi.advanceTimersByTimeAsync(499);
      expect(sent()).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      await actions.whenIdle();
      expect(sent()).toEqual(['bill.new', 'bill.new', 'counter.state']);
    } finally {
      vi.useRealTimers();
    }
  });
});
