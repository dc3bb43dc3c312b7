import type { xiaobaoCommands } from '../../app/contract/xiaobao.js';
import { AppError } from '../../app/result.js';
import type { XiaobaoDesk } from '../backoffice/xiaobao/desk.js';
import type { SessionService } from '../session/session-service.js';
import type { CallContext, HandlerMap } from './dispatch.js';

export interface XiaobaoHandlerServices {
  xiaobao: XiaobaoDesk;
  sessions: Pick<SessionService, 'requireOperator'>;
  now: () => number;
}

/** Local midnight of `at` (the screen's "today"). */
function dayStart(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Handlers of app/contract/xiaobao.ts (校宝学员 at the counter, main/backoffice/xiaobao/desk.ts).
 * The operator comes from the session; for the refund, dispatch has already verified the
 * supervisor (`ctx.supervisor`).
 */
export function createXiaobaoHandlers(s: XiaobaoHandlerServices): Pick<HandlerMap, keyof typeof xiaobaoCommands> {
  const desk = s.xiaobao;
  const operatorNo = (ctx: CallContext) => s.sessions.requireOperator(ctx).operatorNo;
  return {
    'xiaobao.status': () => desk.status(),
    'xiaobao.students': (input) => desk.students(input.query),
    'xiaobao.balance': async (input) => ({ balanceFen: await desk.balance(input.stuInfoId) }),
    'xiaobao.topUp': (input, ctx) => desk.topUp(input, operatorNo(ctx)),
    'xiaobao.postings': (input) => ({ postings: desk.postings(dayStart(s.now()), input.stuInfoId) }),
    'xiaobao.refund': (input, ctx) => {
      if (!ctx.supervisor) throw new AppError('supervisor-required', 'a supervisor must authorise a refund');
      return desk.refund(
        { stuInfoId: input.stuInfoId, name: input.name, amountFen: input.amountFen, reason: input.reason },
        { operatorNo: operatorNo(ctx), authorisedBy: ctx.supervisor.operatorNo },
      );
    },
    'xiaobao.orders': async (input) => ({
      orders: await desk.orders({
        stuInfoId: input.stuInfoId,
        from: input.from,
        to: input.to,
        type: input.type,
        status: input.status,
      }),
    }),
    'xiaobao.orderDetail': async (input) => {
      const d = await desk.orderDetail(input.id, input.type);
      if (!d)
        throw new AppError('invalid-input', `type: the ERP has no detail for order type ${input.type}`, {
          field: 'type',
        });
      return d;
    },
  };
}
