/**
 * 机构报名 — KesionEDU batch enrollment at the counter (issue 16 item 2; README.md here;
 * docs/ARCHITECTURE.md §8.1). The flow:
 *
 *   preview  (InitializeBatchBill) → courses, prices, limits, windows, total, the balance
 *   save     (SaveBatchBill)       → orderid / payorderid, a row in kesion_enrollments
 *   then either
 *   payBalance                     → the confirmation journal row (balancePayId), sent now
 *   collect                        → a counter bill for the total, linked to the row; the
 *                                    normal counter flow (scan / F2 cash) collects it; the
 *                                    BillService.onPaid hook writes the journal row in the
 *                                    transaction that closes the bill; confirmations.ts sends
 *                                    SaveSignUpOrder with counterPayId.
 */
import { AppError } from '../../../app/result.js';
import type { BillView } from '../../../app/contract/schemas.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/db.js';
import type { KesionConfig } from '../config.js';
import { kesionClientOptions } from '../config.js';
import { createKesionClient, type KesionClient, type KesionResult } from './client.js';
import { createConfirmationWorker, type ConfirmationWorker } from './confirmations.js';
import { createEnrollmentJournal, type CourseLine, type EnrollmentRow } from './journal.js';
import { validateIdList, validateUsernameList, type KesionCourse, type KesionInvalid } from './schema.js';

/**
 * Where the institution's apptoken comes from: config.json / COUNTERPAY_KESION_APPTOKEN today.
 * The one place to change when it moves to the secret store.
 */
export function kesionAppToken(cfg: KesionConfig): string {
  return cfg.apptoken;
}

export type KesionListField = 'courseIds' | 'students';
export type KesionListRule = 'numeric' | 'digits' | 'empty' | 'max' | 'chars' | 'length';

/** A list broke a rule: `kesion-list-invalid` naming the field, the rule, the limit and the value. */
function listError(field: KesionListField, e: KesionInvalid, max: number): AppError {
  const l = e.limit;
  const rule: KesionListRule = l.startsWith('numeric')
    ? 'numeric'
    : l.startsWith('letters')
      ? 'chars'
      : l.includes('digits')
        ? 'digits'
        : l.startsWith('at least')
          ? 'empty'
          : l.includes('characters')
            ? 'length'
            : 'max';
  const value = /"([^"]*)"/.exec(e.message)?.[1] ?? '';
  return new AppError('kesion-list-invalid', `${field}: ${e.message}`, { field, rule, limit: l, max, value });
}

/** A reply that is not `ok`, as the contract's error. */
function replyError(r: Exclude<KesionResult<unknown>, { kind: 'ok' }>, step: string): AppError {
  if (r.kind === 'refused') return new AppError('kesion-refused', `${step}: ${r.msg}`, { step, msg: r.msg });
  if (r.kind === 'invalid') return new AppError('invalid-input', r.message, { field: r.field, limit: r.limit, step });
  return new AppError('kesion-unreachable', `${step}: ${r.message}`, {
    step,
    failure: r.failure,
    maybeDelivered: r.maybeDelivered,
  });
}

export interface PreviewInput {
  type: 1 | 2 | 3;
  courseIds: string;
  students: string;
}

export interface Preview {
  type: 1 | 2 | 3;
  courseIds: string[];
  students: string[];
  userIds: string[];
  duplicates: { courseIds: number; students: number };
  courses: KesionCourse[];
  totalFen: number;
  balanceFen: number;
}

export interface EnrollmentServiceOptions {
  store: Store;
  config: KesionConfig;
  now: () => number;
  log: Logger;
  /** Open a counter bill of one line and put it on the counter (the core's counter does it). */
  openCounterBill(input: { name: string; amountFen: number; operatorNo: string }): BillView;
  billById(id: number): BillView | null;
  /** Told when a row changed (the core pushes an event). */
  onChange?: (row: EnrollmentRow) => void;
  /** Tests inject a client (e.g. with a short timeout). */
  client?: KesionClient;
}

export interface EnrollmentService {
  status(): { configured: boolean; counterPay: boolean; maxIds: number };
  preview(input: PreviewInput): Promise<Preview>;
  save(input: { type: 1 | 2 | 3; courseIds: string[]; userIds: string[]; operatorNo: string }): Promise<EnrollmentRow>;
  payBalance(id: number): Promise<EnrollmentRow>;
  collect(id: number, operatorNo: string): BillView;
  /** The BillService.onPaid hook: a linked counter bill was paid (inside its transaction). */
  onBillPaid(bill: BillView): void;
  get(id: number): EnrollmentRow | null;
  exceptions(): EnrollmentRow[];
  /** Saved orders not paid yet (a reload or restart finds them here), newest first. */
  unfinished(n: number): EnrollmentRow[];
  retry(id: number): Promise<EnrollmentRow>;
  /** An order waiting to be paid online: ask the ERP whether it is paid now (confirmed if so). */
  checkOnline(id: number): Promise<EnrollmentRow>;
  worker: ConfirmationWorker;
}

/** The bill line (and so the receipt line): 机构报名, the order id, courses and students. */
export function enrollmentLineName(row: Pick<EnrollmentRow, 'orderId' | 'courses' | 'studentsCount'>): string {
  return `机构报名 订单${row.orderId}（${row.courses.length}门课程，${row.studentsCount}名学员）`.slice(0, 80);
}

export function createEnrollmentService(opts: EnrollmentServiceOptions): EnrollmentService {
  const { config: cfg, store, now } = opts;
  const journal = createEnrollmentJournal(store);
  const clientOptions = kesionClientOptions({ ...cfg, apptoken: kesionAppToken(cfg) });
  const client: KesionClient | null =
    opts.client ?? (clientOptions ? createKesionClient({ ...clientOptions, now }) : null);
  const changed = (row: EnrollmentRow | null) => {
    if (row) opts.onChange?.(row);
  };
  const worker = createConfirmationWorker({
    journal,
    client: () => client,
    now,
    log: opts.log,
    onChange: (r) => changed(r),
  });

  /**
   * A linked bill that is paid while its row still says 'collecting' (the onPaid hook failed
   * and was audited as bill.paid-hook-failed): journal it now. The money is recorded, so the
   * confirmation is owed; the conditional update keeps it to one row, one confirmation.
   */
  function healPaidBills(): number {
    let n = 0;
    for (const row of journal.collecting()) {
      const bill = row.billId === null ? null : opts.billById(row.billId);
      if (bill?.status !== 'paid' || row.payId === null) continue;
      journal.toPending(row.id, 'counter', row.payId, now());
      opts.log.warn('kesion.healed', { orderId: row.orderId, billNo: bill.billNo });
      changed(journal.get(row.id));
      n++;
    }
    return n;
  }

  /** Rows whose counter bill was cancelled before it was paid go back to saved (pay them again). */
  function releaseVoidedBills(): void {
    for (const row of journal.collecting()) {
      const bill = row.billId === null ? null : opts.billById(row.billId);
      if (bill?.status === 'voided' && journal.unlinkBill(row.id, now())) changed(journal.get(row.id));
    }
  }

  function needClient(): KesionClient {
    if (!client) throw new AppError('kesion-not-configured', 'backOffices.kesion.url / apptoken are not set');
    return client;
  }
  function needRow(id: number): EnrollmentRow {
    const row = journal.get(id);
    if (!row) throw new AppError('invalid-input', `enrollment ${id} does not exist`, { field: 'id' });
    return row;
  }

  return {
    worker: {
      ...worker,
      start() {
        healPaidBills();
        worker.start();
      },
    },
    status: () => ({ configured: client !== null, counterPay: cfg.counterPayId !== null, maxIds: cfg.maxIds }),

    async preview(input) {
      const c = needClient();
      const ids = validateIdList('courseids', input.courseIds, cfg.maxIds);
      if (!ids.ok) throw listError('courseIds', ids.error, cfg.maxIds);
      const names = validateUsernameList('signup_username', input.students, cfg.maxIds);
      if (!names.ok) throw listError('students', names.error, cfg.maxIds);
      const r = await c.initializeBatchBill({ type: input.type, courseIds: ids.ids, students: names.ids });
      if (r.kind !== 'ok') throw replyError(r, 'InitializeBatchBill');
      return {
        type: input.type,
        courseIds: ids.ids,
        students: names.ids,
        userIds: r.value.userIds,
        duplicates: { courseIds: ids.duplicatesRemoved, students: names.duplicatesRemoved },
        courses: r.value.courses,
        totalFen: r.value.totalFen,
        balanceFen: r.value.balanceFen,
      };
    },

    async save(input) {
      const c = needClient();
      const ids = validateIdList('courseids', input.courseIds, cfg.maxIds);
      if (!ids.ok) throw listError('courseIds', ids.error, cfg.maxIds);
      const users = validateIdList('userids', input.userIds, cfg.maxIds);
      if (!users.ok) throw listError('students', users.error, cfg.maxIds);
      const r = await c.saveBatchBill({ type: input.type, courseIds: ids.ids, userIds: users.ids });
      if (r.kind !== 'ok') throw replyError(r, 'SaveBatchBill');
      const existing = journal.getByPayOrder(r.value.payOrderId);
      if (existing) return existing;
      const courses: CourseLine[] = r.value.courses.length
        ? r.value.courses.map((x) => ({ id: x.id, name: x.name, purchasePriceFen: x.purchasePriceFen }))
        : ids.ids.map((id) => ({ id, name: id, purchasePriceFen: 0 }));
      const row = journal.insert(
        {
          orderId: r.value.orderId,
          payOrderId: r.value.payOrderId,
          type: input.type,
          courseIds: ids.ids,
          userIds: users.ids,
          courses,
          studentsCount: users.ids.length,
          totalFen: r.value.totalFen,
          operatorNo: input.operatorNo,
        },
        now(),
      );
      opts.log.info('kesion.saved', { orderId: row.orderId, payOrderId: row.payOrderId, totalFen: row.totalFen });
      return row;
    },

    async payBalance(id) {
      needClient();
      const row = needRow(id);
      if (row.state !== 'saved')
        throw new AppError('bill-not-open', `enrollment ${id} is ${row.state}`, { state: row.state });
      journal.toPending(id, 'balance', cfg.balancePayId, now());
      changed(journal.get(id));
      await worker.runDue();
      return needRow(id);
    },

    collect(id, operatorNo) {
      needClient();
      if (cfg.counterPayId === null)
        throw new AppError('kesion-counter-pay-off', 'backOffices.kesion.counterPayId is not set');
      const payId = cfg.counterPayId;
      releaseVoidedBills();
      const row = needRow(id);
      if (row.state === 'collecting' && row.billId !== null) {
        const bill = opts.billById(row.billId);
        if (bill) return bill;
      } else if (row.state !== 'saved') {
        throw new AppError('bill-not-open', `enrollment ${id} is ${row.state}`, { state: row.state });
      }
      if (row.totalFen <= 0) throw new AppError('bill-empty', 'nothing to collect');
      return store.tx(() => {
        const bill = opts.openCounterBill({ name: enrollmentLineName(row), amountFen: row.totalFen, operatorNo });
        journal.linkBill(id, bill.id, payId, now());
        return bill;
      });
    },

    onBillPaid(bill) {
      const row = journal.getByBill(bill.id);
      if (!row || row.state !== 'collecting' || row.payId === null) return;
      journal.toPending(row.id, 'counter', row.payId, now());
      worker.kick();
      setImmediate(() => changed(journal.get(row.id)));
    },

    get: (id) => journal.get(id),
    exceptions() {
      if (healPaidBills() > 0) worker.kick();
      return journal.exceptions();
    },
    unfinished(n) {
      releaseVoidedBills();
      return journal.unfinished(n);
    },
    async checkOnline(id) {
      const c = needClient();
      const row = needRow(id);
      if (row.state !== 'online') return row;
      const r = await c.orderInfo(row.payOrderId);
      if (r.kind !== 'ok') throw replyError(r, 'order info');
      if (r.value.isPaid) {
        journal.confirmed(id, 'check', r.msg || null, now());
        changed(journal.get(id));
      }
      return needRow(id);
    },
    async retry(id) {
      needRow(id);
      if (!journal.retry(id, now())) return needRow(id);
      changed(journal.get(id));
      await worker.runDue();
      return needRow(id);
    },
  };
}
