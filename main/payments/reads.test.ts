import { afterEach, describe, expect, it, vi } from 'vitest';
import { sandboxCode } from '../sandbox/scenarios.js';
import { createRig, type Rig } from './test-harness.js';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.cleanup();
  rig = null;
});

describe('payment engine: the bill is read once per step on the way to the gateway', () => {
  it('collect reads the bill once (bill.changed carries the locked view); settlement pushes the view it wrote', async () => {
    rig = await createRig();
    const r = rig;
    const bill = r.newBill(1234);
    const get = vi.spyOn(r.bills, 'get');
    const v = r.engine.collect({ billId: bill.id, barCode: sandboxCode(0, 0, 4242), operatorNo: '1001' });
    expect(get).toHaveBeenCalledTimes(1);
    expect(r.billEvents.at(-1)).toEqual(expect.objectContaining({ id: bill.id, status: 'locked' }));
    // The view returned is the row as committed by request-sent, carrying the gateway number sent.
    expect(v.state).toBe('sent');

    await r.until(() => r.view(v.id).state === 'paid');
    expect(r.sandbox.stats().perBill[v.gatewayBillNum]).toEqual({ barCode: 1, query: 0 });
    expect(get).toHaveBeenCalledTimes(1);
    expect(r.billEvents.at(-1)).toEqual(expect.objectContaining({ id: bill.id, status: 'paid' }));
    get.mockRestore();
  });
});

describe('payment engine: the collect guard passed as an option', () => {
  it('assertCanCollect runs first: when it throws, nothing is read, written or sent', async () => {
    rig = await createRig({
      engine: {
        assertCanCollect: () => {
          throw new Error('ledger refused');
        },
      },
    });
    const r = rig;
    const bill = r.newBill(500);
    const get = vi.spyOn(r.bills, 'get');
    expect(() => r.engine.collect({ billId: bill.id, barCode: sandboxCode(0, 0, 4343), operatorNo: '1001' })).toThrow(
      'ledger refused',
    );
    expect(get).not.toHaveBeenCalled();
    expect(r.engine.latestForBill(bill.id)).toBeNull();
    expect(r.sandbox.stats().barCodeRequests).toBe(0);
    get.mockRestore();
  });
});
