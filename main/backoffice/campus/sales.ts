/**
 * 校园卡套餐 at the counter (issue 16 item 4): the student is looked up (SearchPayPackages), the
 * packages become the lines of a normal counter bill, the bill is locked and a ping++ charge is
 * created on a QR channel (PayMoney); the payer scans its QR (counter screen and customer
 * display); SearchSuccessData confirms it and the bill is closed with the `campus-qr` tender.
 *
 * Exactly once (docs/ARCHITECTURE.md §6.7):
 * - the campus_charges row is written in the same transaction that locks the bill, BEFORE
 *   PayMoney is sent; at most one live row per bill (a unique index), so a bill never gets a
 *   second charge while one may be paid;
 * - PayMoney is never retried: no answer → 'unknown' (the QR was never shown, nobody can pay it);
 * - the confirmation moves the row pending → paid and closes the bill in ONE transaction, guarded
 *   by the row's state: a second confirmation (two polls, a poll and a cancel, a restart) finds
 *   the row paid and does nothing;
 * - at start every pending row is polled again; a row left 'creating' (died inside PayMoney)
 *   becomes 'unknown' and its bill is unlocked.
 */
import { AppError } from '../../../app/result.js';
import type { CampusSale, CampusStudent } from '../../../app/contract/campus.js';
import type { BillService, BillView } from '../../bills/bill-service.js';
import type { Store } from '../../store/db.js';
import type { DisplayAttempt } from '../../../app/display/model.js';
import { campusReceiptLines } from '../../../app/receipt/campus-lines.js';
import type { CampusClient, CampusResult } from './client.js';
import { selectPackages, type PackageType, type PayType } from './schema.js';
import { createChargeRepo, type ChargeRow } from './sales-repo.js';
import { createChargePoller, type Timers } from './sales-poll.js';

export interface CampusSalesOptions {
  store: Store;
  now: () => number;
  bills: Pick<
    BillService,
    'create' | 'get' | 'addLine' | 'lockForPayment' | 'unlockAfterDecline' | 'completeByQrCharge' | 'voidBill'
  >;
  /** The counter: which bill is on it (main/counter/counter-bill.ts). */
  counter: { billOnCounter(): BillView | null; show(bill: BillView | null): void };
  openShiftId(): number | null;
  businessType(): number;
  /** null when campus is not configured. */
  client: CampusClient | null;
  channels: readonly string[];
  /** A sale or its bill changed (campus.changed, bill.changed). */
  changed(sale: CampusSale, bill: BillView | null): void;
  log: { info(m: string, d?: Record<string, unknown>): void; warn(m: string, d?: Record<string, unknown>): void };
  timers?: Timers;
  /** Waits between SearchSuccessData calls; the last one repeats (default 2, 2, 3, 5 s). */
  pollDelaysMs?: readonly number[];
}

export interface StartInput {
  userID: string;
  type: PackageType;
  payType: PayType;
  payMoneyType: 0 | 1 | 2;
  itemIDs: string[];
  channel: string;
  operatorNo: string;
}

const SUBJECT = '智慧校园一卡通套餐';

/** The customer display's QR label (its KouDaiLQ pay-type names, app/payment/scan-code.ts). */
function displayPayType(channel: string): string {
  return channel === 'wx_pub_qr' ? 'wxPubQR' : 'alipayQR';
}

/** A photo URL the page may show: http(s) or an inline image; anything else is dropped. */
export function safePhoto(url: string): string | null {
  const u = url.trim();
  if (/^https?:\/\/[^\s"'<>]+$/i.test(u) && u.length <= 2048) return u;
  if (/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(u) && u.length <= 200_000) return u;
  return null;
}

function fail(r: Exclude<CampusResult<unknown>, { kind: 'ok' }>): AppError {
  if (r.kind === 'invalid') return new AppError('invalid-input', r.message, { field: r.field, limit: r.limit });
  if (r.kind === 'refused') return new AppError('backoffice-rejected', r.message, { system: 'campus' });
  return new AppError('backoffice-unreachable', r.message, { system: 'campus', failure: r.failure });
}

export function createCampusSales(opts: CampusSalesOptions) {
  const { store, now, bills, log } = opts;
  const repo = createChargeRepo(store, now);

  function view(row: ChargeRow): CampusSale {
    const bill = bills.get(row.bill_id);
    const records = row.records_json
      ? (JSON.parse(row.records_json) as {
          itemName: string;
          validFrom: string;
          validTo: string;
          cardNo: string;
          className: string;
        }[])
      : [];
    return {
      billId: row.bill_id,
      billNo: bill?.billNo ?? '',
      attempt: row.attempt,
      state: row.state,
      userID: row.user_id,
      empName: row.emp_name,
      cardNo: row.card_no,
      payMoneyType: row.pay_type,
      channel: row.channel,
      amountFen: row.amount_fen,
      items: JSON.parse(row.items_json) as CampusSale['items'],
      chargeId: row.charge_id,
      qrContent: row.state === 'pending' ? row.qr_content : null,
      expiresAt: row.expires_at,
      records: records.map((r) => ({
        itemName: r.itemName,
        validFrom: r.validFrom,
        validTo: r.validTo,
        cardNo: r.cardNo,
        className: r.className,
      })),
      message: row.last_error,
      billStatus: bill?.status ?? 'voided',
    };
  }

  function publish(rowId: number): CampusSale {
    const row = repo.get(rowId)!;
    const sale = view(row);
    opts.changed(sale, bills.get(row.bill_id));
    return sale;
  }

  function client(): CampusClient {
    if (!opts.client) throw new AppError('campus-not-configured', 'no smart-campus WebPath is configured');
    return opts.client;
  }

  /** Give up a live charge (expired / cancelled): the bill is open again for a retry or a void. */
  function giveUp(row: ChargeRow, to: 'expired' | 'cancelled', message: string | null): void {
    store.tx(() => {
      if (repo.move(row.id, 'pending', to, message)) bills.unlockAfterDecline(row.bill_id);
    });
  }

  /** pending → paid and the bill closed, in one transaction; false when already done (or given up). */
  function confirm(row: ChargeRow, records: unknown[]): boolean {
    const done = store.tx(() => {
      if (!repo.markPaid(row.id, records)) return false;
      bills.completeByQrCharge(row.bill_id, {
        kind: 'campus-qr',
        amountFen: row.amount_fen,
        reference: row.charge_id!,
      });
      return true;
    });
    if (done) log.info('campus.paid', { billId: row.bill_id, chargeId: row.charge_id, amountFen: row.amount_fen });
    return done;
  }

  const poller = createChargePoller({
    now,
    repo,
    client: () => opts.client,
    confirm,
    giveUp,
    publish,
    log,
    ...(opts.timers ? { timers: opts.timers } : {}),
    ...(opts.pollDelaysMs ? { delaysMs: opts.pollDelaysMs } : {}),
  });

  /** PayMoney for a row in 'creating' (written with the bill locked). Never retried. */
  async function createCharge(row: ChargeRow): Promise<CampusSale> {
    const items = JSON.parse(row.items_json) as CampusSale['items'];
    const r = await client().payMoney({
      channel: row.channel,
      subject: SUBJECT,
      body: items
        .map((i) => i.name)
        .join('、')
        .slice(0, 128),
      amountFen: row.amount_fen,
      userID: row.user_id,
      empName: row.emp_name,
      itemIDs: items.map((i) => i.id),
      type: row.pay_type,
    });
    if (r.kind === 'ok') {
      const c = r.value;
      repo.markPending(row.id, {
        recordIDs: c.recordIDs,
        chargeId: c.chargeId,
        orderNo: c.orderNo,
        qrContent: c.qrContent,
        expiresAt: c.expiresAt === null ? null : c.expiresAt * 1000,
      });
      log.info('campus.charge', { billId: row.bill_id, chargeId: c.chargeId, attempt: row.attempt });
      const sale = publish(row.id);
      poller.watch(row.id);
      return sale;
    }
    // Refused or invalid: nothing was created. No answer: a charge may exist, but its QR was
    // never shown, so nobody can pay it; the row keeps the trace.
    const to = r.kind === 'transport-failure' && r.maybeDelivered ? 'unknown' : 'failed';
    store.tx(() => {
      if (repo.move(row.id, 'creating', to, r.message.slice(0, 500))) bills.unlockAfterDecline(row.bill_id);
    });
    log.warn('campus.charge-failed', { billId: row.bill_id, state: to, message: r.message.slice(0, 200) });
    publish(row.id);
    throw fail(r);
  }

  return {
    configured: () => opts.client !== null,
    channels: () => [...opts.channels],

    async lookup(input: { userID: string; type: PackageType; payType: PayType }): Promise<CampusStudent> {
      const r = await client().searchPayPackages(input);
      if (r.kind !== 'ok') throw fail(r);
      const p = r.value;
      return {
        userID: input.userID,
        empName: p.empName,
        photo: safePhoto(p.photo),
        cardNo: p.cardNo,
        selectType: p.selectType,
        items: p.items.map((i) => ({
          id: i.id,
          name: i.name,
          priceText: i.priceText,
          valueFen: i.valueFen,
          description: i.description,
        })),
      };
    },

    /** The bill and its charge row are written before PayMoney goes out (see the header). */
    async start(input: StartInput): Promise<CampusSale> {
      const c = client();
      if (!opts.channels.includes(input.channel))
        throw new AppError('invalid-input', `channel: one of ${opts.channels.join(', ')}`, { field: 'channel' });
      // The prices come from the campus system now, never from the screen.
      const r = await c.searchPayPackages({ userID: input.userID, type: input.type, payType: input.payType });
      if (r.kind !== 'ok') throw fail(r);
      const sel = selectPackages(r.value, input.itemIDs);
      if (!sel.ok)
        throw new AppError('invalid-input', sel.error.message, { field: sel.error.field, limit: sel.error.limit });
      const items = sel.items.map((i) => ({ id: i.id, name: i.name, valueFen: i.valueFen }));
      const row = store.tx(() => {
        const onCounter = opts.counter.billOnCounter();
        let bill: BillView;
        if (onCounter && onCounter.status === 'open' && onCounter.lines.length === 0) bill = onCounter;
        else if (onCounter && (onCounter.status === 'open' || onCounter.status === 'locked'))
          throw new AppError('bill-not-open', 'finish or park the bill on the counter first', { billId: onCounter.id });
        else
          bill = bills.create({
            kind: 'sale',
            businessType: opts.businessType(),
            operatorNo: input.operatorNo,
            shiftId: opts.openShiftId(),
          });
        for (const it of items)
          bills.addLine(bill.id, {
            itemCode: null,
            name: it.name.slice(0, 60),
            unitPriceFen: it.valueFen,
            quantity: 1,
          });
        const locked = bills.lockForPayment(bill.id);
        opts.counter.show(locked);
        return repo.insert({
          billId: bill.id,
          attempt: 1,
          userID: input.userID,
          empName: r.value.empName || input.userID,
          cardNo: r.value.cardNo,
          payMoneyType: input.payMoneyType,
          packageType: input.type,
          items,
          amountFen: sel.totalFen,
          channel: input.channel,
        });
      });
      publish(row.id);
      return createCharge(row);
    },

    /** A new charge for a bill whose last charge ended unpaid; the old row stays. */
    async retry(billId: number, channel: string): Promise<CampusSale> {
      client();
      if (!opts.channels.includes(channel))
        throw new AppError('invalid-input', `channel: one of ${opts.channels.join(', ')}`, { field: 'channel' });
      const row = store.tx(() => {
        const last = repo.latestOfBill(billId);
        if (!last) throw new AppError('bill-not-found', `bill ${billId} is not a campus sale`, { billId });
        if (last.state === 'paid') throw new AppError('bill-already-paid', 'this campus sale is paid', { billId });
        if (last.state === 'creating' || last.state === 'pending')
          throw new AppError('bill-locked', 'a charge of this bill may still be paid', { billId });
        const bill = bills.get(billId);
        if (!bill || bill.totalFen !== last.amount_fen)
          throw new AppError('invalid-input', 'the bill no longer matches its packages', { field: 'billId' });
        opts.counter.show(bills.lockForPayment(billId));
        return repo.insert({
          billId,
          attempt: last.attempt + 1,
          userID: last.user_id,
          empName: last.emp_name,
          cardNo: last.card_no,
          payMoneyType: last.pay_type,
          packageType: last.package_type,
          items: JSON.parse(last.items_json) as CampusSale['items'],
          amountFen: last.amount_fen,
          channel,
        });
      });
      publish(row.id);
      return createCharge(row);
    },

    /** SearchSuccessData once now. */
    async check(billId: number): Promise<CampusSale> {
      const row = repo.latestOfBill(billId);
      if (!row) throw new AppError('bill-not-found', `bill ${billId} is not a campus sale`, { billId });
      if (row.state === 'pending') await poller.checkNow(row.id);
      return view(repo.get(row.id)!);
    },

    /** Stop waiting: one more SearchSuccessData (a payer may just have paid), else cancelled. */
    async cancel(billId: number): Promise<CampusSale> {
      const row = repo.latestOfBill(billId);
      if (!row) throw new AppError('bill-not-found', `bill ${billId} is not a campus sale`, { billId });
      if (row.state !== 'pending') return view(row);
      const outcome = await poller.checkNow(row.id);
      if (outcome !== 'paid') {
        poller.forget(row.id);
        giveUp(repo.get(row.id)!, 'cancelled', null);
      }
      return publish(row.id);
    },

    /** Void a campus bill whose last charge ended unpaid. */
    abandon(billId: number, by: string): { voided: boolean } {
      const row = repo.latestOfBill(billId);
      if (!row) throw new AppError('bill-not-found', `bill ${billId} is not a campus sale`, { billId });
      if (row.state === 'creating' || row.state === 'pending')
        throw new AppError('bill-locked', 'a charge of this bill may still be paid', { billId });
      const bill = bills.get(billId);
      if (!bill || (bill.status !== 'open' && bill.status !== 'suspended')) return { voided: false };
      const voided = bills.voidBill(billId, by, '校园卡套餐未支付');
      opts.counter.show(null);
      opts.changed(view(repo.get(row.id)!), voided);
      return { voided: true };
    },

    /** What the customer display shows of a campus bill: its QR while payable, then paid. */
    displayAttempt(billId: number): DisplayAttempt | null {
      const row = repo.latestOfBill(billId);
      if (!row) return null;
      const base = { stateReason: null, amountFen: row.amount_fen, outcome: null };
      if (row.state === 'pending' && row.qr_content)
        return {
          ...base,
          state: 'awaiting-payer',
          qr: { content: row.qr_content, payTypeCode: displayPayType(row.channel) },
        };
      if (row.state === 'paid') return { ...base, state: 'paid', qr: null };
      return null;
    },

    /** What a paid campus bill adds to its receipt (app/receipt/campus-lines.ts); [] for any other bill. */
    receiptLines(billId: number): string[] {
      const row = repo.latestOfBill(billId);
      return row && row.state === 'paid' ? campusReceiptLines(view(row)) : [];
    },

    /** The campus sale of a bill (its latest charge), or null. */
    saleOf(billId: number): CampusSale | null {
      const row = repo.latestOfBill(billId);
      return row ? view(row) : null;
    },

    /** At start: resume polling pending charges; a charge left mid-PayMoney is unknown. */
    resume(): void {
      for (const row of repo.inState('creating')) {
        store.tx(() => {
          if (repo.move(row.id, 'creating', 'unknown', 'interrupted while the charge was being created'))
            bills.unlockAfterDecline(row.bill_id);
        });
        log.warn('campus.charge-unknown', { billId: row.bill_id, attempt: row.attempt });
      }
      for (const row of repo.inState('pending')) poller.watch(row.id, 0);
    },

    /** Resolves when no SearchSuccessData poll is running. */
    idle: () => poller.idle(),
    stop: () => poller.stop(),
  };
}
export type CampusSales = ReturnType<typeof createCampusSales>;
