/**
 * Notifications after a commit: `payment.progress` (the attempt's view), `bill.changed` (the bill
 * view the settlement step already holds, not read again) and `payment.lateOutcome`. A failing
 * listener is logged, never thrown back into the payment path.
 */
import type { BillView } from '../../app/contract/schemas.js';
import type { EventBus } from '../events.js';
import type { AttemptRow } from './attempt-repo.js';
import { toAttemptView } from './attempt-view.js';
import type { EngineLog } from './engine-options.js';
import type { LateOutcomes } from './late-outcomes.js';

export interface Notifier {
  progress(row: AttemptRow): void;
  bill(bill: BillView): void;
  lateOutcome(noticeId: number): void;
}

export function createNotifier(deps: {
  bus: Pick<EventBus, 'emit'>;
  late: LateOutcomes;
  now: () => number;
  log: EngineLog;
}): Notifier {
  const { bus, late, now, log } = deps;
  return {
    progress(row) {
      try {
        bus.emit('payment.progress', toAttemptView(row, now()));
      } catch (e) {
        log.error('payments.emit-failed', { attemptId: row.id, error: String(e) });
      }
    },
    bill(bill) {
      try {
        bus.emit('bill.changed', bill);
      } catch (e) {
        log.error('payments.emit-failed', { billId: bill.id, error: String(e) });
      }
    },
    lateOutcome(noticeId) {
      try {
        const notice = late.get(noticeId);
        if (notice) bus.emit('payment.lateOutcome', notice);
        log.info(
          'payments.late-outcome',
          notice ? { noticeId, attemptId: notice.attemptId, outcome: notice.outcome, via: notice.via } : { noticeId },
        );
      } catch (e) {
        log.error('payments.emit-failed', { noticeId, error: String(e) });
      }
    },
  };
}
