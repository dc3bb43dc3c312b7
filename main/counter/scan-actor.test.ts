import { describe, expect, it } from 'vitest';
import type { BillView } from '../../app/contract/schemas.js';
import { classifyScan } from '../../app/scan/classify.js';
import { routeScan } from '../../app/scan/route.js';
import { createBillService } from '../bills/bill-service.js';
import { createCatalog } from '../catalog/catalog.js';
import { createEventBus } from '../events.js';
import { tempStore } from '../store/test-helpers.js';
import { createScanActor } from './scan-actor.js';
import { counterServices } from './test-services.js';

describe('scan actor', () => {
  it('routes scans in the derived mode and acts on the counter bill as the active operator', async () => {
    const ts = tempStore();
    try {
      const { store, now, shifts, settings, sessions } = await counterServices(ts);
      const catalog = createCatalog({ store, now });
      catalog.upsert({ code: '6901234567892', name: '成人票', priceFen: 8000, businessType: 1 });
      const bills = createBillService({ store, now, terminalNo: 'T01' });
      const bus = createEventBus();
      let shown: BillView | null = null;
      const collected: [number, string][] = [];
      const live = new Set<number>();
      const actor = createScanActor({
        bills,
        sessions,
        shifts,
        settings,
        bus,
        billOnCounter: () =>
          shown && bills.get(shown.id)?.status !== 'suspended' ? bills.get(shown.id) : bills.current(),
        show: (b) => (shown = b),
        collect: (billId, barCode) => {
          collected.push([billId, barCode]);
          live.add(billId);
          return {} as never;
        },
        attemptLive: (id) => live.has(id),
      });
      const scan = (text: string) => {
        const classified = classifyScan(text);
        return actor.act({ classified, route: routeScan(classified, actor.mode()) });
      };

      // Nobody signed in: the counter is locked.
      expect(actor.mode()).toBe('locked');
      expect(scan('6901234567892')).toMatchObject({ action: 'reject', reason: 'locked' });
      await sessions.signIn('c1', '1001', '1234');
      expect(actor.mode()).toBe('idle');
      // No shift yet: a product cannot start a bill.
      expect(scan('6901234567892')).toMatchObject({ action: 'reject', reason: 'shift-not-open' });
      sessions.openShift('c1', 0);
      // A payment code with no bill is misplaced.
      expect(scan('134567890123456789')).toMatchObject({ action: 'reject', reason: 'misplaced' });
      const added = scan('6901234567892');
      expect(added).toMatchObject({ action: 'add-product', zh: '已加入：成人票' });
      expect(shown).not.toBeNull();
      expect(bills.current()?.operatorNo).toBe('1001');
      expect(actor.mode()).toBe('building');
      expect(scan('6901234567809')).toMatchObject({ action: 'reject' });
      expect(scan('134567890123456789')).toMatchObject({ action: 'pay' });
      expect(collected).toEqual([[bills.current()!.id, '134567890123456789']]);
      // While the payment is live every scan is refused: never a second attempt.
      expect(actor.mode()).toBe('payment-live');
      expect(scan('130000000000000002')).toMatchObject({ action: 'reject', reason: 'payment-live' });
      expect(collected).toHaveLength(1);
      // Locking the screen locks the counter for scanners too.
      sessions.lock('c1');
      expect(actor.mode()).toBe('locked');
    } finally {
      ts.cleanup();
    }
  });

  it('sets the card number of a recharge bill', async () => {
    const ts = tempStore();
    try {
      const { store, now, shifts, settings, sessions } = await counterServices(ts);
      const bills = createBillService({ store, now, terminalNo: 'T01' });
      await sessions.signIn('c1', '1001', '1234');
      const shift = shifts.open({ operatorNo: '1001', floatFen: 0 });
      const bill = bills.create({ kind: 'recharge', businessType: 7, operatorNo: '1001', shiftId: shift.id });
      const actor = createScanActor({
        bills,
        sessions,
        shifts,
        settings,
        bus: createEventBus(),
        billOnCounter: () => bills.current(),
        show: () => {},
        collect: () => ({}) as never,
        attemptLive: () => false,
      });
      expect(actor.mode()).toBe('recharge-card');
      const classified = classifyScan('88001234', { cardPattern: '^8800\\d{4,16}$' });
      expect(actor.act({ classified, route: routeScan(classified, actor.mode()) })).toMatchObject({
        action: 'set-card',
      });
      expect(bills.get(bill.id)?.cardNo).toBe('88001234');
    } finally {
      ts.cleanup();
    }
  });
});
