import type { BillView } from '../../app/contract/schemas.js';
import type { BillService } from '../bills/bill-service.js';
import { createDiscountSettings } from '../bills/discount-settings.js';
import type { EventBus } from '../events.js';
import type { SessionService } from '../session/session-service.js';
import type { Store } from '../store/db.js';
import type { HandlerMap } from './dispatch.js';

export type DiscountCommandName =
  'bill.discount' | 'bill.priceOverride' | 'bill.roundOff' | 'discounts.settings' | 'discounts.setSettings';

export interface DiscountHandlerServices {
  bills: Pick<BillService, 'discount' | 'overridePrice' | 'roundOff'>;
  sessions: Pick<SessionService, 'requireOperator'>;
  bus: EventBus;
  store: Store;
  now: () => number;
}

/**
 * Handlers of app/contract/discounts.ts (docs/ARCHITECTURE.md §5.1). Who may go over the
 * cashier limit or change a price was settled by the access check before these run
 * (main/session/permissions.ts): an authorisation on the spot arrives as `ctx.supervisor`; a
 * supervisor, or a cashier granted the permission, authorises their own.
 */
export function createDiscountHandlers(services: DiscountHandlerServices): Pick<HandlerMap, DiscountCommandName> {
  const { bills, sessions, bus } = services;
  const settings = createDiscountSettings(services);
  const changed = (bill: BillView): BillView => {
    bus.emit('bill.changed', bill);
    return bill;
  };
  return {
    'bill.discount': (input, ctx) => {
      const op = sessions.requireOperator(ctx);
      const free = op.role === 'supervisor' || input.overLimit === true;
      const authorisedBy = ctx.supervisor?.operatorNo ?? (free ? op.operatorNo : null);
      return changed(
        bills.discount(input.billId, { lineNo: input.lineNo ?? null }, input.discount, {
          operatorNo: op.operatorNo,
          authorisedBy,
          limit: free ? null : settings.cashierLimit(),
        }),
      );
    },
    'bill.priceOverride': (input, ctx) => {
      const op = sessions.requireOperator(ctx);
      return changed(
        bills.overridePrice(input.billId, input.lineNo, input.unitPriceFen, {
          operatorNo: op.operatorNo,
          authorisedBy: ctx.supervisor?.operatorNo ?? op.operatorNo,
        }),
      );
    },
    'bill.roundOff': (input, ctx) => {
      const op = sessions.requireOperator(ctx);
      return changed(bills.roundOff(input.billId, input.on ? settings.roundOffRule() : null, op.operatorNo));
    },
    'discounts.settings': () => settings.view(),
    'discounts.setSettings': (input, ctx) => {
      const by = ctx.supervisor?.operatorNo ?? sessions.requireOperator(ctx).operatorNo;
      return settings.set(
        {
          ...(input.cashierLimit ? { cashierLimit: input.cashierLimit } : {}),
          ...(input.roundOffRule ? { roundOffRule: input.roundOffRule } : {}),
        },
        by,
      );
    },
  };
}
