/**
 * The write-ahead journal (docs/ARCHITECTURE.md §6, rule 1): one event → one short transaction
 * that records the reply, moves the attempt through the pure state machine
 * (app/payment/state.ts), writes the payment_events row, settles the bill (paid → tender and
 * outbox; declined/cancelled → unlocked; unconfirmed → marked), records a late outcome, audits
 * conflicts and supervisor resolutions, and persists the reconciler's next query time.
 * Nothing here waits on the network or touches timers.
 */
import type { BillView } from '../../app/contract/schemas.js';
import type { GatewayReply } from '../../app/payment/gateway-schema.js';
import {
  isFinal,
  transition,
  type AttemptEvent,
  type AttemptState,
  type ReconcileScheduleOptions,
  type TransitionResult,
} from '../../app/payment/state.js';
import { AppError } from '../../app/result.js';
import type { BillService } from '../bills/bill-service.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import type { AttemptEventKind, AttemptRepo, AttemptRow } from './attempt-repo.js';
import type { EngineLog } from './engine-options.js';
import type { LateOutcomes } from './late-outcomes.js';
import { reconcileAfterStopDelayMs } from './schedule.js';

/** Who is asking the gateway: the cashier's wait, the background reconciler, or a supervisor. */
export type Phase = 'cashier' | 'reconcile' | 'manual';

/** What the journal row says about the event, besides the event itself. */
export interface Meta {
  kind: AttemptEventKind;
  detail?: Record<string, unknown>;
  reply?: GatewayReply;
  /** A query result (counts toward query_count and the reconciler's backoff). */
  query?: boolean;
  phase?: Phase;
  resolution?: { by: string; note: string | null };
  /** Who asked for a manual query (supervisor 立即查询). */
  queriedBy?: string;
}

/** The committed result of one journal step. */
export interface Applied {
  row: AttemptRow;
  prev: AttemptState;
  result: TransitionResult;
  /** The reconciler's next query time was (re)written. */
  rescheduled: boolean;
  /** The bill followed the state change: its view as committed (pushed as bill.changed). */
  bill: BillView | null;
  messageChanged: boolean;
  /** An unconfirmed attempt was settled: the late-outcome notice written in the same transaction. */
  lateNoticeId: number | null;
}

export interface Journal {
  apply(attemptId: number, event: AttemptEvent, meta: Meta): Applied;
}

export interface JournalDeps {
  store: Store;
  repo: AttemptRepo;
  bills: BillService;
  late: LateOutcomes;
  now: () => number;
  log: EngineLog;
  reconcileOpts: ReconcileScheduleOptions & { offsetsMs?: readonly number[]; minGapMs?: number };
}

function replyMessage(reply: GatewayReply): string | null {
  const parts = [reply.errmsg, reply.tag.paystatusdesc].map((s) => s.trim()).filter((s) => s !== '');
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  return unique.length ? unique.join(' · ').slice(0, 500) : null;
}

export function createJournal(deps: JournalDeps): Journal {
  const { store, repo, bills, late, now, log, reconcileOpts } = deps;

  /** Settle the bill for a state change, inside the caller's transaction (a savepoint of its own). */
  function settleBill(row: AttemptRow, to: AttemptState, at: number): BillView | null {
    try {
      if (to === 'paid') {
        return bills.completeByBarcode(row.bill_id, {
          attemptId: row.id,
          amountFen: row.amount_fen,
          reference: row.gateway_bill_num,
        });
      } else if (to === 'declined' || to === 'cancelled') {
        return bills.unlockAfterDecline(row.bill_id);
      } else if (to === 'unconfirmed') {
        return bills.markUnconfirmed(row.bill_id);
      }
      return null;
    } catch (e) {
      // The payment fact stands (money taken or not); the bill could not follow. Journal it,
      // audit it, shout: a supervisor must look. Never roll back the payment record for this.
      const error = e instanceof AppError ? { code: e.code, message: e.message } : { message: String(e) };
      repo.addEvent(row.id, at, 'settle-failed', to, { to, ...error });
      audit(store, {
        action: 'payment.settle-failed',
        operatorNo: row.operator_no,
        subject: `bill:${row.bill_no}`,
        detail: { attemptId: row.id, gatewayBillNum: row.gateway_bill_num, to, ...error },
      });
      log.error('payments.settle-failed', { attemptId: row.id, billNo: row.bill_no, to, ...error });
      return null;
    }
  }

  function apply(attemptId: number, event: AttemptEvent, meta: Meta): Applied {
    return store.tx(() => {
      const at = now();
      const row = repo.get(attemptId);
      if (!row) throw new AppError('payment-not-found', `payment attempt ${attemptId} not found`, { attemptId });
      const result = transition({ state: row.state, reason: row.state_reason ?? undefined }, event, at);
      const wasFinal = isFinal(row.state);
      let messageChanged = false;

      if (meta.reply && !wasFinal) {
        const message = replyMessage(meta.reply);
        const paystatus = meta.reply.tag.paystatus || null;
        messageChanged = message !== row.last_message || paystatus !== row.last_paystatus;
        const autoid = meta.reply.tag.autoid && meta.reply.tag.autoid.length <= 64 ? meta.reply.tag.autoid : null;
        repo.recordReply(attemptId, { errcode: meta.reply.errcode, paystatus, message, autoid, at });
      }
      if (meta.query && !wasFinal) repo.incrementQueries(attemptId, at);
      if (result.changed)
        repo.setState(attemptId, result.state, result.reason ?? null, at, isFinal(result.state) ? at : null);
      if (meta.resolution && result.changed) repo.setResolution(attemptId, meta.resolution.by, meta.resolution.note);

      const detail: Record<string, unknown> = { ...meta.detail };
      if (result.classification) {
        detail['verdict'] = result.classification.verdict;
        detail['rule'] = result.classification.rule;
      }
      if (result.ignored) detail['ignored'] = true;
      if (result.state !== row.state) detail['from'] = row.state;
      repo.addEvent(attemptId, at, meta.kind, result.state, detail);

      let bill: BillView | null = null;
      if (result.state !== row.state) bill = settleBill(row, result.state, at);

      // Settled after the cashier stopped waiting: a notice the counter keeps until acknowledged.
      let lateNoticeId: number | null = null;
      if (
        row.state === 'unconfirmed' &&
        (result.state === 'paid' || result.state === 'declined' || result.state === 'cancelled')
      ) {
        const via = meta.resolution
          ? 'supervisor-resolve'
          : meta.phase === 'manual'
            ? 'supervisor-query'
            : 'reconciler';
        lateNoticeId = late.record({
          attemptId,
          outcome: result.state,
          via,
          queryNo: meta.query ? row.query_count + 1 : null,
          resolvedBy: meta.resolution?.by ?? meta.queriedBy ?? null,
          detail: meta.resolution ? meta.resolution.note : meta.reply?.tag.paystatus || null,
          unconfirmedAt: repo.unconfirmedAt(attemptId),
          resolvedAt: at,
        });
        repo.addEvent(attemptId, at, 'late-outcome', result.state, {
          noticeId: lateNoticeId,
          via,
          queryNo: meta.query ? row.query_count + 1 : null,
        });
      }

      if (result.effects.includes('conflict')) {
        const c = {
          attemptId,
          gatewayBillNum: row.gateway_bill_num,
          state: row.state,
          verdict: result.classification?.verdict,
          rule: result.classification?.rule,
        };
        repo.addEvent(attemptId, at, 'conflict', row.state, c);
        audit(store, {
          action: 'payment.conflict',
          operatorNo: row.operator_no,
          subject: `bill:${row.bill_no}`,
          detail: c,
        });
        log.error('payments.conflict', { ...c, billNo: row.bill_no });
      }

      // The reconciler's schedule is part of the record: a restart picks it up.
      let rescheduled = false;
      if (isFinal(result.state)) {
        if (row.next_query_at !== null) repo.setNextQueryAt(attemptId, null);
      } else if (
        result.state === 'unconfirmed' &&
        (row.state !== 'unconfirmed' || (meta.query && meta.phase !== 'cashier'))
      ) {
        const n = repo.reconcileQueries(attemptId);
        const since = row.state === 'unconfirmed' ? at - (repo.unconfirmedAt(attemptId) ?? at) : 0;
        repo.setNextQueryAt(attemptId, at + reconcileAfterStopDelayMs(since, n, reconcileOpts));
        rescheduled = true;
      }

      if (meta.resolution && result.changed) {
        audit(store, {
          action: 'payment.resolve',
          operatorNo: row.operator_no,
          authorisedBy: meta.resolution.by,
          subject: `bill:${row.bill_no}`,
          detail: {
            attemptId,
            gatewayBillNum: row.gateway_bill_num,
            from: row.state,
            to: result.state,
            note: meta.resolution.note,
          },
        });
      }
      return { row: repo.get(attemptId)!, prev: row.state, result, rescheduled, bill, messageChanged, lateNoticeId };
    });
  }

  return { apply };
}
