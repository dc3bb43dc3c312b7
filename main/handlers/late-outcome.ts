import type { lateOutcomeCommands } from '../../app/contract/late-outcome.js';
import { AppError } from '../../app/result.js';
import { createLateOutcomes } from '../payments/late-outcomes.js';
import type { SessionService } from '../session/session-service.js';
import type { Store } from '../store/db.js';
import type { HandlerMap } from './dispatch.js';

type LateOutcomeHandlers = Pick<HandlerMap, keyof typeof lateOutcomeCommands>;

/**
 * The counter's late-outcome notices (app/contract/late-outcome.ts): list what is not yet
 * acknowledged, acknowledge one as the operator signed in on this connection (audited).
 */
export function createLateOutcomeHandlers(services: {
  store: Store;
  sessions: Pick<SessionService, 'operatorFor'>;
}): LateOutcomeHandlers {
  const late = createLateOutcomes(services.store);
  return {
    'lateOutcome.list': () => ({ notices: late.unacknowledged() }),
    'lateOutcome.acknowledge': ({ noticeId }, ctx) => {
      const op = services.sessions.operatorFor(ctx.connectionId);
      if (!op) throw new AppError('not-signed-in', 'sign in to acknowledge a notice');
      return late.acknowledge(noticeId, op.operatorNo);
    },
  };
}
