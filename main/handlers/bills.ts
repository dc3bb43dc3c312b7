import type { BillView } from '../../app/contract/schemas.js';
import { RECHARGE_BUSINESS_TYPE, type BillService } from '../bills/bill-service.js';
import type { Catalog } from '../catalog/catalog.js';
import type { CounterBill } from '../counter/counter-bill.js';
import type { EventBus } from '../events.js';
import type { SessionService, ShiftPort } from '../session/session-service.js';
import type { TerminalSettings } from '../session/terminal-settings.js';
import type { HandlerMap } from './dispatch.js';

export type BillCommandName =
  | 'bill.new'
  | 'bill.addItem'
  | 'bill.addFree'
  | 'bill.setQuantity'
  | 'bill.voidLine'
  | 'bill.setCard'
  | 'bill.suspend'
  | 'bill.suspended'
  | 'bill.resume'
  | 'bill.cancel'
  | 'payment.cash'
  | 'catalog.search'
  | 'catalog.quickKeys';

export interface BillHandlerServices {
  bills: BillService;
  sessions: SessionService;
  shifts: Pick<ShiftPort, 'current'>;
  settings: Pick<TerminalSettings, 'businessType'>;
  /** Indexed look-ups only: never the whole catalog. */
  catalog: Pick<Catalog, 'search' | 'quickKeys'>;
  bus: EventBus;
  /**
   * The bill on the counter (main/counter), told whenever it changes through these commands (a
   * new or resumed bill, or null after a park / cancel), so `counter.state` follows. A paid bill
   * (cash) is shown too: it stays on screen until `counter.clear`.
   */
  counter: Pick<CounterBill, 'show'>;
}

/**
 * Handlers of app/contract/counter.ts. The operator always comes from the session of the
 * calling connection (never from the payload); access and the open-shift rule are enforced by
 * `sessions.checkAccess` in dispatch before any of these run.
 */
export function createBillHandlers(services: BillHandlerServices): Pick<HandlerMap, BillCommandName> {
  const { bills, sessions, shifts, settings, catalog, bus } = services;
  const changed = (bill: BillView): BillView => {
    bus.emit('bill.changed', bill);
    return bill;
  };
  const atCounter = (bill: BillView | null): void => services.counter.show(bill);

  return {
    'bill.new': (input, ctx) => {
      const op = sessions.requireOperator(ctx);
      const bill = bills.create({
        kind: input.kind,
        businessType: input.kind === 'recharge' ? RECHARGE_BUSINESS_TYPE : settings.businessType(),
        operatorNo: op.operatorNo,
        shiftId: shifts.current()?.id ?? null,
      });
      atCounter(bill);
      return changed(bill);
    },
    'bill.addItem': (input) => changed(bills.addItemByCode(input.billId, input.code, input.quantity ?? 1)),
    'bill.addFree': (input) => changed(bills.addFreeAmount(input.billId, input.amountFen, input.name)),
    'bill.setQuantity': (input) => changed(bills.setQuantity(input.billId, input.lineNo, input.quantity)),
    'bill.voidLine': (input) => changed(bills.voidLine(input.billId, input.lineNo)),
    'bill.setCard': (input) => changed(bills.setCardNo(input.billId, input.cardNo)),
    'bill.suspend': (input) => {
      const bill = changed(bills.suspend(input.billId, input.label ?? null));
      atCounter(null);
      return bill;
    },
    'bill.suspended': () => ({ bills: bills.listSuspended() }),
    'bill.resume': (input) => {
      const bill = changed(bills.resume(input.billId));
      atCounter(bill);
      return bill;
    },
    'bill.cancel': (input, ctx) => {
      const op = sessions.requireOperator(ctx);
      const reason = input.reason && input.reason !== '' ? input.reason : '收银员取消 (cancelled at the counter)';
      const bill = changed(bills.voidBill(input.billId, op.operatorNo, reason));
      atCounter(null);
      return bill;
    },
    'payment.cash': (input, ctx) => {
      const op = sessions.requireOperator(ctx);
      const { bill, changeFen } = bills.payCash(input.billId, {
        tenderedFen: input.tenderedFen,
        operatorNo: op.operatorNo,
      });
      changed(bill);
      atCounter(bill);
      return { bill, changeFen, tenderedFen: input.tenderedFen };
    },
    'catalog.search': (input) => ({ items: catalog.search(input.query, { limit: input.limit ?? 20 }) }),
    'catalog.quickKeys': () => ({ items: catalog.quickKeys() }),
  };
}
