import { describe, expect, it } from 'vitest';
import type { BillView } from '../../app/contract/schemas.js';
import type { DisplayView } from '../../app/display/view.js';
import { createEventBus } from '../events.js';
import type { Dispatch } from '../handlers/dispatch.js';
import { createDisplayService } from './service.js';

function bill(lines: number): BillView {
  return {
    id: 1,
    billNo: 'B1',
    kind: 'sale',
    businessType: 1,
    status: 'open',
    totalFen: lines * 100,
    dueFen: lines * 100,
    cardNo: null,
    lines: Array.from({ length: lines }, (_, i) => ({
      lineNo: i + 1,
      itemCode: null,
      name: `商品${i + 1}`,
      unitPriceFen: 100,
      quantity: 1,
      amountFen: 100,
      voided: false,
    })),
    tenders: [],
    operatorNo: '1001',
    shiftId: null,
    suspendedLabel: null,
    createdAt: 0,
    updatedAt: 0,
    closedAt: null,
  };
}

function setup() {
  const bus = createEventBus();
  let onCounter: BillView | null = null;
  const pushed: DisplayView[] = [];
  bus.subscribe((name, payload) => {
    if (name === 'display.changed') pushed.push(payload as DisplayView);
  });
  const display = createDisplayService({
    bus,
    billOnCounter: () => onCounter,
    latestAttempt: () => null,
    slidesDir: null,
    slideIntervalMs: 8000,
    locale: 'zh-CN',
    now: () => 0,
  });
  return { bus, display, pushed, put: (b: BillView | null) => (onCounter = b) };
}

describe('the display service', () => {
  it('pushes display.changed after a core event when the view changed, numbered, and only then', () => {
    const { bus, display, pushed, put } = setup();
    expect(display.state()).toMatchObject({ rev: 1, phase: 'idle' });
    put(bill(1));
    bus.emit('bill.changed', bill(1));
    expect(pushed.map((v) => [v.rev, v.phase, v.lines.length])).toEqual([
      [1, 'idle', 0],
      [2, 'due', 1],
    ]);
    // The same view again: nothing pushed.
    bus.emit('bill.changed', bill(1));
    expect(pushed).toHaveLength(2);
    expect(display.state().rev).toBe(2);
  });

  it('refreshes after every command (a command may change the counter without an event)', async () => {
    const { display, pushed, put } = setup();
    display.state();
    const inner: Dispatch = async () => {
      put(bill(2));
      return { ok: true, value: null };
    };
    const dispatch = display.follow(inner);
    await dispatch('counter.clear', {}, { transport: 'memory', connectionId: 'c1' });
    expect(pushed.at(-1)).toMatchObject({ phase: 'due', lines: [{ name: '商品1' }, { name: '商品2' }] });
  });

  it('keeps the transport disconnect of the dispatch it follows', () => {
    const { display } = setup();
    const seen: string[] = [];
    const inner: Dispatch = Object.assign(async () => ({ ok: true as const, value: null }), {
      disconnect: (ctx: { connectionId: string }) => void seen.push(ctx.connectionId),
    });
    display.follow(inner).disconnect?.({ transport: 'websocket', connectionId: 'ws-1' });
    expect(seen).toEqual(['ws-1']);
  });

  it('a command still answers when the display cannot be read (the ledger is closing)', async () => {
    const bus = createEventBus();
    const display = createDisplayService({
      bus,
      billOnCounter: () => {
        throw new Error('the database connection is not open');
      },
      latestAttempt: () => null,
      slidesDir: null,
      slideIntervalMs: 8000,
      locale: 'zh-CN',
      now: () => 0,
    });
    const dispatch = display.follow(async () => ({ ok: true, value: 'done' }));
    await expect(dispatch('recovery.restore', {}, { transport: 'memory', connectionId: 'c' })).resolves.toEqual({
      ok: true,
      value: 'done',
    });
  });
});
