/**
 * The gateway HTTP step (docs/ARCHITECTURE.md §6, rules 1–3): BarCode exactly once per attempt
 * (request-sent is committed before it leaves), queries afterwards, each result committed through
 * the journal as it arrives. Reconciler queries share a small number of slots; cashier-phase
 * queries are never held back.
 */
import type { GatewayReply } from '../../app/payment/gateway-schema.js';
import { classifyReply } from '../../app/payment/classify.js';
import { isFinal } from '../../app/payment/state.js';
import {
  callResultToEvent,
  type GatewayCallResult,
  type GatewayClient,
  type ScanCodeCallResult,
} from '../gateway/client.js';
import type { AttemptRepo, AttemptRow } from './attempt-repo.js';
import type { Runtime, Runtimes } from './attempt-runtime.js';
import type { AttemptTimers } from './attempt-timers.js';
import type { EngineLog, PaymentEngineOptions } from './engine-options.js';
import type { Applied, Journal, Meta, Phase } from './journal.js';
import type { Semaphore } from './semaphore.js';
import type { Store } from '../store/db.js';

export interface GatewaySteps {
  /**
   * Send the BarCode request: ONLY from collect, exactly once per attempt. Commits request-sent
   * synchronously (returns the attempt as committed, or null when that commit failed), then the
   * request runs in the background.
   */
  sendBarCode(rt: Runtime): AttemptRow | null;
  /** Query the gateway for the attempt (one query per attempt at a time). */
  runQuery(rt: Runtime, phase: Phase, queriedBy?: string): Promise<void>;
}

export interface GatewayStepsDeps {
  store: Store;
  now: () => number;
  gateway: GatewayClient;
  repo: AttemptRepo;
  runtimes: Runtimes;
  attemptTimers: AttemptTimers;
  journal: Journal;
  /** After a commit: timers and notifications (the engine's). */
  act: (a: Applied) => void;
  log: EngineLog;
  requestTimeoutMs: PaymentEngineOptions['requestTimeoutMs'];
  reconcileSlots: Semaphore;
  isStopping: () => boolean;
  /** The engine has stopped waiting: late replies are not applied (the store may be closed). */
  isClosed: () => boolean;
}

function replyDetail(reply: GatewayReply): Record<string, unknown> {
  return {
    errcode: reply.errcode,
    errmsg: reply.errmsg.slice(0, 300),
    paystatus: reply.tag.paystatus,
    billstatus: reply.tag.billstatus,
    paystatusdesc: reply.tag.paystatusdesc.slice(0, 200),
    autoid: reply.tag.autoid,
  };
}

function resultDetail(res: GatewayCallResult, phase?: Phase): Record<string, unknown> {
  const base: Record<string, unknown> = phase ? { phase } : {};
  switch (res.kind) {
    case 'reply':
      return { ...base, status: res.status, durationMs: res.durationMs, ...replyDetail(res) };
    case 'transport-failure':
      return {
        ...base,
        failure: res.failure,
        status: res.status ?? null,
        message: res.message,
        durationMs: res.durationMs,
      };
    case 'invalid':
      return { ...base, invalid: res.error.message, field: res.error.details.field };
  }
}

export function createGatewaySteps(deps: GatewayStepsDeps): GatewaySteps {
  const {
    store,
    now,
    gateway,
    repo,
    runtimes,
    attemptTimers,
    journal,
    act,
    log,
    requestTimeoutMs,
    reconcileSlots,
    isStopping,
    isClosed,
  } = deps;

  function handleResult(
    rt: Runtime,
    res: GatewayCallResult,
    request: 'barcode' | 'query',
    phase: Phase | undefined,
    queriedBy?: string,
    scanCode = false,
  ): void {
    let event = callResultToEvent(res, request);
    const meta: Meta = {
      kind: scanCode
        ? res.kind === 'reply'
          ? 'scancode-reply'
          : 'scancode-failure'
        : res.kind === 'reply'
          ? request === 'barcode'
            ? 'barcode-reply'
            : 'query-reply'
          : request === 'barcode'
            ? 'barcode-failure'
            : 'query-failure',
      detail: resultDetail(res, phase),
      query: request === 'query',
      ...(phase ? { phase } : {}),
      ...(queriedBy ? { queriedBy } : {}),
    };
    if (res.kind === 'reply') meta.reply = res;
    if (event === null) {
      // The client refused to send (invalid request): nothing left this process.
      event = {
        type: 'transport-failure',
        request,
        failure: 'refused',
        message: res.kind === 'invalid' ? res.error.message : 'not sent',
      };
    }
    try {
      const cur = repo.get(rt.id);
      // An attempt still `created` after a restart was provably never sent (request-sent is
      // committed before the request leaves). If the gateway has no record of it either, it is
      // definitively not delivered: decline it (nothing charged) so the bill unlocks.
      if (
        cur &&
        cur.state === 'created' &&
        request === 'query' &&
        res.kind === 'reply' &&
        !repo.wasSent(rt.id) &&
        classifyReply(res).rule === 'errmsg:order-not-found'
      ) {
        event = {
          type: 'transport-failure',
          request: 'barcode',
          failure: 'refused',
          message: 'BarCode never sent (no request-sent record) and the gateway has no such order',
        };
        meta.detail = { ...meta.detail, neverSent: true };
      }
      act(journal.apply(rt.id, event, meta));
    } catch (e) {
      log.error('payments.apply-failed', { attemptId: rt.id, request, error: String(e) });
      attemptTimers.retryLater(rt);
    }
  }

  /**
   * A ScanCode answer. errcode 0 with a QR: the QR is stored and the attempt awaits the payer
   * (never paid on this reply, whatever its tag says). errcode 0 without a QR: nobody can pay it,
   * declined (`qr-missing`). Anything else (a business error, no answer) is read like a BarCode
   * result: unknown stays alive and is queried.
   */
  function handleScanCode(rt: Runtime, res: ScanCodeCallResult): void {
    if (res.kind !== 'reply' || res.errcode !== 0) {
      handleResult(rt, res, 'barcode', undefined, undefined, true);
      return;
    }
    const detail = { ...resultDetail(res), qr: res.qr.ok ? { field: res.qr.field } : { missing: res.qr.message } };
    try {
      const qr = res.qr;
      const applied = store.tx(() => {
        if (qr.ok) {
          const autoid = res.tag.autoid && res.tag.autoid.length <= 64 ? res.tag.autoid : null;
          repo.setQr(rt.id, qr.content, autoid, now());
          return journal.apply(rt.id, { type: 'qr-issued' }, { kind: 'scancode-reply', detail });
        }
        return journal.apply(rt.id, { type: 'qr-missing' }, { kind: 'scancode-reply', detail });
      });
      // The QR itself changes the view even when the state does not.
      act(qr.ok ? { ...applied, messageChanged: true } : applied);
    } catch (e) {
      log.error('payments.apply-failed', { attemptId: rt.id, request: 'scancode', error: String(e) });
      attemptTimers.retryLater(rt);
    }
  }

  function sendBarCode(rt: Runtime): AttemptRow | null {
    let sent: Applied;
    try {
      // Write-ahead: the request is recorded as sent BEFORE it leaves.
      sent = journal.apply(rt.id, { type: 'request-sent' }, { kind: 'request-sent' });
    } catch (e) {
      // Nothing was sent and the attempt is still `created`: the sweep / a restart will query it.
      log.error('payments.request-sent-failed', { attemptId: rt.id, error: String(e) });
      attemptTimers.retryLater(rt);
      return null;
    }
    if (sent.row.state !== 'sent' || sent.prev !== 'created') {
      act(sent);
      return sent.row;
    }
    // The request is built from the row as committed: the gateway bill number is not read again.
    const row = sent.row;
    attemptTimers.armDeadline(rt, row);
    act(sent);
    const call = runtimes.abortable(rt, requestTimeoutMs?.barCode);
    const qrPayType = row.pay_type_code;
    const req = {
      businessType: row.business_type,
      operatorNo: row.operator_no,
      billNum: row.gateway_bill_num,
      amountFen: row.amount_fen,
      barCode: row.bar_code,
      ...(row.card_no ? { cardNo: row.card_no } : {}),
    };
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    rt.barCode = runtimes.track(p);
    const finish = () => {
      call.done();
      if (rt.barCode === p) rt.barCode = null;
    };
    void (async () => {
      try {
        if (qrPayType) {
          // ScanCode instead of BarCode: same write-ahead, same single send, same query loop after.
          const { barCode: _none, ...rest } = req;
          void _none;
          const res = await gateway.scanCode({ ...rest, payTypeCode: qrPayType }, { signal: call.signal });
          finish();
          if (!isClosed()) handleScanCode(rt, res);
          return;
        }
        const res = await gateway.barCode(req, { signal: call.signal });
        finish();
        if (!isClosed()) handleResult(rt, res, 'barcode', undefined);
      } catch (e) {
        log.error('payments.barcode-crashed', { attemptId: rt.id, error: String(e) });
      } finally {
        finish();
        done();
      }
    })();
    return row;
  }

  function runQuery(rt: Runtime, phase: Phase, queriedBy?: string): Promise<void> {
    if (rt.query) return rt.query;
    if (isStopping()) return Promise.resolve();
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    rt.query = runtimes.track(p);
    const finish = () => {
      if (rt.query === p) rt.query = null;
    };
    void (async () => {
      let release = () => {};
      try {
        if (phase === 'reconcile') release = await reconcileSlots.acquire();
        if (isStopping()) return;
        const row = repo.get(rt.id);
        if (!row || isFinal(row.state)) return;
        const call = runtimes.abortable(rt, requestTimeoutMs?.query);
        let res: GatewayCallResult;
        try {
          const autoid = row.gateway_autoid && row.gateway_autoid.length <= 64 ? row.gateway_autoid : undefined;
          res = await gateway.query(
            { billNum: row.gateway_bill_num, ...(autoid ? { autoid } : {}) },
            { signal: call.signal },
          );
        } finally {
          call.done();
          release();
        }
        // Clear the in-flight mark first so the state machine's effects can schedule the next query.
        finish();
        if (!isClosed()) handleResult(rt, res, 'query', phase, queriedBy);
      } catch (e) {
        log.error('payments.query-crashed', { attemptId: rt.id, error: String(e) });
      } finally {
        release();
        finish();
        done();
      }
    })();
    return p;
  }

  return { sendBarCode, runQuery };
}
