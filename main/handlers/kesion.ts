import { AppError } from '../../app/result.js';
import type { BillService } from '../bills/bill-service.js';
import type { EnrollmentService } from '../backoffice/kesion/enrollment.js';
import type { EnrollmentRow } from '../backoffice/kesion/journal.js';
import { enrollmentView } from '../backoffice/kesion/view.js';
import type { SessionService } from '../session/index.js';
import type { HandlerMap } from './dispatch.js';

type KesionCommandName =
  | 'kesion.status'
  | 'kesion.preview'
  | 'kesion.save'
  | 'kesion.payBalance'
  | 'kesion.collect'
  | 'kesion.get'
  | 'kesion.unfinished'
  | 'kesion.checkOnline'
  | 'kesion.exceptions'
  | 'kesion.retry';

export interface KesionHandlerServices {
  kesion: EnrollmentService;
  bills: Pick<BillService, 'get'>;
  sessions: Pick<SessionService, 'requireOperator'>;
}

/** Handlers of app/contract/kesion.ts (机构报名). The operator comes from the caller's session. */
export function createKesionHandlers(services: KesionHandlerServices): Pick<HandlerMap, KesionCommandName> {
  const { kesion, sessions } = services;
  const view = (row: EnrollmentRow) => enrollmentView(row, (id) => services.bills.get(id)?.billNo ?? null);
  const one = (id: number) => {
    const row = kesion.get(id);
    if (!row) throw new AppError('invalid-input', `enrollment ${id} does not exist`, { field: 'id' });
    return view(row);
  };
  return {
    'kesion.status': () => kesion.status(),
    'kesion.preview': (input) => kesion.preview(input),
    'kesion.save': async (input, ctx) => {
      const op = sessions.requireOperator(ctx);
      return view(await kesion.save({ ...input, operatorNo: op.operatorNo }));
    },
    'kesion.payBalance': async ({ id }) => view(await kesion.payBalance(id)),
    'kesion.collect': ({ id }, ctx) => kesion.collect(id, sessions.requireOperator(ctx).operatorNo),
    'kesion.get': ({ id }) => one(id),
    'kesion.checkOnline': async ({ id }) => view(await kesion.checkOnline(id)),
    'kesion.unfinished': () => ({ rows: kesion.unfinished(10).map(view) }),
    'kesion.exceptions': () => ({ rows: kesion.exceptions().map(view) }),
    'kesion.retry': async ({ id }) => view(await kesion.retry(id)),
  };
}
