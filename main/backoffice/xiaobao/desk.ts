/**
 * 校宝学员 at the counter (issue 15 items 2, 4, 5; docs/ARCHITECTURE.md §8.2): the Xiaobao desk
 * service that createCore builds from `backOffices.xiaobao` and the secret.
 *
 * - Top-up (学员充值): `topUp` opens a normal counter bill (kind 'sale', the counter's business
 *   type, one line `校宝充值 <name>（<id>）`) linked to the student in xiaobao_counter_links;
 *   the cashier collects it by scan or F2 cash as any bill. The BillService.onPaid hook writes
 *   the poster's journal row (RechargeAccountTran: the tender's account name, the amount, the
 *   bill number, the gateway reference's last 8) inside the transaction that closes the bill as
 *   paid; the worker then posts it exactly once (poster.ts). A bill paid in parts posts one
 *   accountInfo per part (topup-accounts.ts).
 * - Refund (学员退款): `refund` checks the student's balance at the ERP (minus this counter's
 *   refunds not yet posted), then in ONE transaction pays the cash out of the drawer as a cash
 *   movement (counted in the shift's expected cash, listed in the shift/X/Z report), links it,
 *   journals RefundAccountTran and audits who authorised it.
 * - Look-up (订单): read-only, through desk-reads.ts.
 *
 * For the reconciliation tab: `postingsForDay`, `postingsNeedingAttention`, `retry`.
 */
import { AppError } from '../../../app/result.js';
import type { BillView } from '../../../app/contract/schemas.js';
import type { XiaobaoPostingView } from '../../../app/contract/xiaobao.js';
import type { BillService } from '../../bills/bill-types.js';
import type { Config } from '../../config.js';
import type { CounterBill } from '../../counter/counter-bill.js';
import type { EventBus } from '../../events.js';
import type { Logger } from '../../log.js';
import { audit } from '../../store/audit.js';
import type { Store } from '../../store/db.js';
import type { ShiftService } from '../../store/shifts.js';
import { createXiaobaoClient, XiaobaoError, type XiaobaoClient } from './client.js';
import { createDeskReads, type DeskReads } from './desk-reads.js';
import { createCounterLinks, refundMovementReason, refundNo, topUpLineName, type CounterLinks } from './desk-links.js';
import { createXiaobaoPoster, type PostingRow, type XiaobaoPoster } from './poster.js';
import type { XiaobaoSettings } from './settings.js';
import { topUpAccounts } from './topup-accounts.js';

export interface XiaobaoDeskDeps {
  store: Store;
  /** config.json's backOffices.xiaobao (accounts, settle time, search window) as in effect. */
  section: Config['backOffices']['xiaobao'];
  /** The resolved settings (config + env + secret store, or the embedded simulator): resolveBackOffices. */
  settings: XiaobaoSettings;
  bills: BillService;
  shifts: Pick<ShiftService, 'current' | 'addCashMovement'>;
  counter: Pick<CounterBill, 'billOnCounter' | 'show'>;
  bus: EventBus;
  businessType: () => number;
  now: () => number;
  log: Logger;
  /** Report offset from UTC for refund numbers (minutes). Default: this process's time zone. */
  utcOffsetMinutes?: (at: number) => number;
}

export interface XiaobaoDesk {
  readonly configured: boolean;
  /** The desk's ERP client and its poster (one poster per journal: 校宝对账 uses these), when configured. */
  readonly erp: { client: XiaobaoClient; poster: XiaobaoPoster } | null;
  status(): { configured: boolean; missing: string[] };
  students(query: string): Promise<{ students: Awaited<ReturnType<DeskReads['students']>>; searchedDays: number }>;
  balance(stuInfoId: number): Promise<number | null>;
  topUp(
    input: { stuInfoId: number; name: string; schoolName: string | null; amountFen: number },
    operatorNo: string,
  ): BillView;
  refund(
    input: { stuInfoId: number; name: string; amountFen: number; reason: string },
    who: { operatorNo: string; authorisedBy: string },
  ): Promise<XiaobaoPostingView>;
  /** Postings created since `since`, plus every one not yet posted; optionally one student's. */
  postings(since: number, stuInfoId?: number): XiaobaoPostingView[];
  orders: DeskReads['orders'];
  orderDetail: DeskReads['detail'];
  /** Reconciliation: this counter's postings journaled in [from, to). */
  postingsForDay(from: number, to: number): XiaobaoPostingView[];
  /** Reconciliation: unknown (past its bounds) or failed postings that need a person. */
  postingsNeedingAttention(): XiaobaoPostingView[];
  /** Reconciliation: a person's retry of an unknown/failed posting (looked up before any resend). */
  retry(billNo: string, by: string): boolean;
  start(): void;
  stop(): void;
}

function notConfigured(missing: string[]): AppError {
  return new AppError('xiaobao-not-configured', `Xiaobao is not configured: ${missing.join(', ')}`, { missing });
}

/** A failed ERP read becomes `xiaobao-unavailable` (nothing was changed). */
async function reading<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) throw e;
    const x = e instanceof XiaobaoError ? e : null;
    throw new AppError('xiaobao-unavailable', `${what}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 300), {
      ...(x ? { kind: x.kind, ...(x.field ? { field: x.field, limit: x.limit } : {}) } : {}),
    });
  }
}

export function createXiaobaoDesk(deps: XiaobaoDeskDeps): XiaobaoDesk {
  const { store, bills, bus, now } = deps;
  const log = deps.log.child('xiaobao.desk');
  const xb = deps.section;
  const settings = deps.settings;
  const links: CounterLinks = createCounterLinks(store);
  const offset = deps.utcOffsetMinutes ?? ((at: number) => -new Date(at).getTimezoneOffset());

  let poster: XiaobaoPoster | null = null;
  let reads: DeskReads | null = null;
  let client: XiaobaoClient | null = null;
  if (settings.configured) {
    client = createXiaobaoClient({ ...settings.client, now, logger: deps.log });
    poster = createXiaobaoPoster({ db: store.db, client, now, logger: deps.log, settleMs: xb.settleMs });
    reads = createDeskReads({ client, now, schoolId: settings.schoolId, searchDays: xb.studentSearchDays });
  }
  const missing = settings.configured ? [] : settings.missing;
  const need = (): { poster: XiaobaoPoster; reads: DeskReads } => {
    if (!poster || !reads) throw notConfigured(missing);
    return { poster, reads };
  };
  const operatorId = (operatorNo: string): number | null =>
    settings.configured ? (settings.operatorIds[operatorNo] ?? settings.defaultOperatorId) : null;

  function view(row: PostingRow): XiaobaoPostingView {
    const link = links.get(row.billNo);
    return {
      billNo: row.billNo,
      kind: row.kind,
      stuInfoId: row.stuInfoId,
      stuName: link?.stuName ?? '',
      amountFen: row.amountFen,
      state: row.state,
      erpOrderId: row.erpOrderId,
      sends: row.sends,
      lastError: row.lastError,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  const announce = (row: PostingRow | null): void => {
    if (row && !store.closed) bus.emit('xiaobao.posting.changed', view(row));
  };

  // ─── the worker: posts due rows, then sleeps until the next one is due ───────────────────
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped || !poster) return;
    const at = poster.nextDueAt();
    if (at === null) return;
    timer = setTimeout(() => void kick(), Math.max(0, Math.min(at - now(), 2_147_000_000)));
    timer.unref?.();
  }
  async function kick(): Promise<void> {
    if (stopped || !poster) return;
    try {
      for (const row of await poster.runDue()) announce(row);
    } catch (e) {
      log.error('posting run failed', { error: e instanceof Error ? e.message : String(e) });
    } finally {
      schedule();
    }
  }
  /** After the caller's transaction commits: post what was journaled. */
  const kickSoon = () =>
    setImmediate(() => {
      schedule();
      void kick();
    });

  // A top-up's amount is the student's: no discount, 改价 or 抹零 on its bill.
  bills.fixAmounts((billId) => {
    const no = bills.get(billId)?.billNo;
    return no !== undefined && links.get(no)?.kind === 'recharge';
  });

  // ─── the paid hook: a linked top-up bill journals its RechargeAccountTran ────────────────
  if (poster) {
    const p = poster;
    bills.onPaid((bill) => {
      const link = links.get(bill.billNo);
      if (!link || link.kind !== 'recharge' || bill.kind !== 'sale') return;
      const line = bill.lines.find((l) => !l.voided && l.name === topUpLineName(link.stuName, link.stuInfoId));
      if (!line || line.amountFen !== link.amountFen) {
        // The top-up line was voided or changed on the counter: this bill is not a top-up any more.
        audit(store, {
          action: 'xiaobao.topup-not-posted',
          operatorNo: bill.operatorNo,
          subject: `bill:${bill.billNo}`,
          detail: { stuInfoId: link.stuInfoId, linkedFen: link.amountFen, lineFen: line?.amountFen ?? null },
        });
        return;
      }
      // One accountInfo per tender part (split payment, docs/ARCHITECTURE.md §6.6), adding up
      // to the top-up amount (topup-accounts.ts).
      const opId = operatorId(bill.operatorNo);
      const row = p.enqueue({
        billNo: bill.billNo,
        kind: 'recharge',
        stuInfoId: link.stuInfoId,
        amountFen: link.amountFen,
        accounts: topUpAccounts(bill.tenders, link.amountFen, xb.accounts),
        ...(settings.configured && settings.schoolId !== null ? { schoolId: settings.schoolId } : {}),
        ...(opId !== null ? { operatorId: opId } : {}),
        comment: `Counterpay ${bill.billNo}`,
      });
      setImmediate(() => announce(p.get(row.billNo)));
      kickSoon();
    });
  }

  /** Newest first. */
  const views = (rows: PostingRow[]): XiaobaoPostingView[] => rows.reverse().map(view);

  return {
    configured: settings.configured,
    erp: client && poster ? { client, poster } : null,
    status: () => ({ configured: settings.configured, missing }),

    async students(query) {
      const { reads: r } = need();
      return { students: await reading('student search', () => r.students(query)), searchedDays: xb.studentSearchDays };
    },

    async balance(stuInfoId) {
      const { reads: r } = need();
      return reading('balance', () => r.balance(stuInfoId));
    },

    topUp(input, operatorNo) {
      need();
      const current = deps.counter.billOnCounter();
      if (current && (current.status === 'locked' || current.status === 'unconfirmed'))
        throw new AppError('bill-locked', 'a payment is in progress for the bill on the counter');
      // An empty sale bill on the counter takes the top-up; anything else there must go first.
      if (current && current.status === 'open' && (current.kind !== 'sale' || current.lines.some((l) => !l.voided)))
        throw new AppError('bill-not-open', 'finish or park the bill on the counter first', {
          billNo: current.billNo,
          reason: 'bill-on-counter',
        });
      const lineName = topUpLineName(input.name, input.stuInfoId);
      const bill = store.tx(() => {
        const target =
          current && current.status === 'open'
            ? current
            : bills.create({
                kind: 'sale',
                businessType: deps.businessType(),
                operatorNo,
                shiftId: deps.shifts.current()?.id ?? null,
              });
        const withLine = bills.addFreeAmount(target.id, input.amountFen, lineName);
        links.insert({
          billNo: withLine.billNo,
          kind: 'recharge',
          stuInfoId: input.stuInfoId,
          stuName: input.name,
          schoolName: input.schoolName,
          amountFen: input.amountFen,
          cashMovementId: null,
          operatorNo,
          authorisedBy: null,
          createdAt: now(),
        });
        audit(store, {
          action: 'xiaobao.topup',
          operatorNo,
          subject: `bill:${withLine.billNo}`,
          detail: { stuInfoId: input.stuInfoId, amountFen: input.amountFen },
        });
        return withLine;
      });
      deps.counter.show(bill);
      bus.emit('bill.changed', bill);
      return bill;
    },

    async refund(input, who) {
      const { poster: p, reads: r } = need();
      const balance = await reading('balance', () => r.balance(input.stuInfoId));
      // Refunds this counter paid out that the ERP has not recorded yet (failed ones too: the
      // cash is gone and a person will post them) already use part of the balance.
      const unposted = p
        .listSince(Number.MAX_SAFE_INTEGER)
        .filter((x) => x.kind === 'refund' && x.stuInfoId === input.stuInfoId)
        .reduce((s, x) => s + x.amountFen, 0);
      const max = balance === null ? 0 : Math.max(0, balance - unposted);
      if (input.amountFen > max) {
        throw new AppError(
          'xiaobao-balance-exceeded',
          `at most ${max} fen of student ${input.stuInfoId}'s balance can be refunded`,
          { field: 'amountFen', min: 1, max, value: input.amountFen, balanceKnown: balance !== null },
        );
      }
      const opId = operatorId(who.operatorNo);
      const row = store.tx(() => {
        const at = now();
        const movement = deps.shifts.addCashMovement({
          direction: 'out',
          amountFen: input.amountFen,
          reason: refundMovementReason(input.name, input.stuInfoId),
          operatorNo: who.operatorNo,
          authorisedBy: who.authorisedBy,
        });
        const billNo = refundNo(bills.terminalNo, at, movement.id, offset(at));
        links.insert({
          billNo,
          kind: 'refund',
          stuInfoId: input.stuInfoId,
          stuName: input.name,
          schoolName: null,
          amountFen: input.amountFen,
          cashMovementId: movement.id,
          operatorNo: who.operatorNo,
          authorisedBy: who.authorisedBy,
          createdAt: at,
        });
        const posted = p.enqueue({
          billNo,
          kind: 'refund',
          stuInfoId: input.stuInfoId,
          amountFen: input.amountFen,
          accounts: [{ accountName: xb.accounts.cash, amountFen: input.amountFen }],
          ...(settings.configured && settings.schoolId !== null ? { schoolId: settings.schoolId } : {}),
          ...(opId !== null ? { operatorId: opId } : {}),
          comment: input.reason,
        });
        audit(store, {
          action: 'xiaobao.refund',
          operatorNo: who.operatorNo,
          authorisedBy: who.authorisedBy,
          subject: `xiaobao:${billNo}`,
          detail: {
            stuInfoId: input.stuInfoId,
            amountFen: input.amountFen,
            reason: input.reason,
            cashMovementId: movement.id,
          },
        });
        return posted;
      });
      announce(row);
      kickSoon();
      return view(row);
    },

    postings(since, stuInfoId) {
      if (!poster) return [];
      return views(poster.listSince(since).filter((r) => stuInfoId === undefined || r.stuInfoId === stuInfoId));
    },
    orders: (q) => reading('orders', () => need().reads.orders(q)),
    orderDetail: async (id, type) => reading('order detail', () => need().reads.detail(id, type)),
    postingsForDay: (from, to) => (poster ? views(poster.listBetween(from, to)) : []),
    postingsNeedingAttention: () =>
      poster
        ? views(
            poster
              .listSince(Number.MAX_SAFE_INTEGER)
              .filter((r) => r.state === 'failed' || (r.state === 'unknown' && r.nextAt === null)),
          )
        : [],
    retry(billNo, by) {
      const { poster: p } = need();
      const ok = p.retry(billNo);
      if (ok) {
        audit(store, { action: 'xiaobao.retry', operatorNo: by, subject: `xiaobao:${billNo}` });
        announce(p.get(billNo));
        kickSoon();
      }
      return ok;
    },

    start() {
      if (!poster) return;
      stopped = false;
      const n = poster.recover();
      if (n > 0) log.warn('posts interrupted by the last stop will be looked up first', { count: n });
      void kick();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
