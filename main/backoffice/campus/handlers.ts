import type { HandlerMap } from '../../handlers/dispatch.js';
import type { SessionService } from '../../session/index.js';
import type { CampusSales } from './sales.js';

type CampusCommand =
  | 'campus.status'
  | 'campus.lookup'
  | 'campus.start'
  | 'campus.retry'
  | 'campus.check'
  | 'campus.cancel'
  | 'campus.abandon'
  | 'campus.receiptLines';

/** Handlers of app/contract/campus.ts (校园卡套餐). */
export function createCampusHandlers(services: {
  campus: CampusSales;
  counter: { billOnCounter(): { id: number } | null };
  sessions: Pick<SessionService, 'operatorFor'>;
  config: { operatorNo: string };
}): Pick<HandlerMap, CampusCommand> {
  const { campus } = services;
  const operatorOf = (connectionId: string): string =>
    services.sessions.operatorFor(connectionId)?.operatorNo ?? services.config.operatorNo;
  return {
    'campus.status': () => {
      const bill = services.counter.billOnCounter();
      return {
        configured: campus.configured(),
        channels: campus.channels() as ('alipay_qr' | 'wx_pub_qr')[],
        sale: bill ? campus.saleOf(bill.id) : null,
      };
    },
    'campus.lookup': (input) => campus.lookup(input),
    'campus.start': (input, ctx) => campus.start({ ...input, operatorNo: operatorOf(ctx.connectionId) }),
    'campus.retry': ({ billId, channel }) => campus.retry(billId, channel),
    'campus.check': ({ billId }) => campus.check(billId),
    'campus.cancel': ({ billId }) => campus.cancel(billId),
    'campus.abandon': ({ billId }, ctx) => campus.abandon(billId, operatorOf(ctx.connectionId)),
    'campus.receiptLines': ({ billId }) => ({ lines: campus.receiptLines(billId) }),
  };
}
