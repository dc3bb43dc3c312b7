/**
 * `collect`: the cashier's scan becomes a payment attempt (docs/ARCHITECTURE.md §6, rules 1–2).
 * Checks the input, the bill and the code (nothing written, nothing sent on a refusal), builds the
 * BarCode request exactly as it will be sent, then commits the attempt (`created`) together with
 * the bill lock in ONE transaction. The bill is read once before and once (as locked) inside it.
 */
import type { BillView } from '../../app/contract/schemas.js';
import { BAR_CODE_MAX } from '../../app/limits.js';
import { buildBarCodeBody, maskBarCode } from '../../app/payment/gateway-schema.js';
import { checkPaymentCode, compileCodePatterns } from '../../app/payment/payment-code.js';
import { buildScanCodeBody, QR_PAY_TYPES, QrPayTypeSchema, type QrPayType } from '../../app/payment/scan-code.js';
import { AppError } from '../../app/result.js';
import type { BillService } from '../bills/bill-service.js';
import type { Store } from '../store/db.js';
import type { AttemptRepo } from './attempt-repo.js';
import type { EngineLog, PaymentEngineOptions } from './engine-options.js';
import { createGatewayBillNums, installId, type GatewayBillNums } from './gateway-bill-num.js';
import type { PaymentEngine } from './types.js';

export type CollectInput = Parameters<PaymentEngine['collect']>[0];

/** A committed attempt: its id and the bill as locked for it. */
export interface Collected {
  attemptId: number;
  bill: BillView;
}

export interface CollectDeps {
  store: Store;
  bills: BillService;
  repo: AttemptRepo;
  now: () => number;
  log: EngineLog;
  options: Pick<
    PaymentEngineOptions,
    'deadlineMs' | 'isGatewayOffline' | 'extraCodePatterns' | 'maxBillNumLength' | 'utcOffsetMinutes'
  >;
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

function refuseByBill(bill: BillView): never {
  const details = { billId: bill.id, billNo: bill.billNo, status: bill.status };
  switch (bill.status) {
    case 'locked':
    case 'unconfirmed':
      throw new AppError(
        'bill-locked',
        `bill ${bill.billNo} has a payment that is not final (${bill.status})`,
        details,
      );
    case 'paid':
      throw new AppError('bill-already-paid', `bill ${bill.billNo} is already paid`, details);
    default:
      throw new AppError('bill-not-open', `bill ${bill.billNo} is ${bill.status}: it cannot take a payment`, details);
  }
}

function barCodeRequired(): AppError {
  return new AppError('barcode-invalid', `barCode: required, at most ${BAR_CODE_MAX} characters`, {
    field: 'barCode',
    limit: BAR_CODE_MAX,
  });
}

export type CollectQrInput = Parameters<PaymentEngine['collectQr']>[0];

/**
 * The amount of this attempt: `amountFen` when the cashier chose a part (split payment,
 * docs/ARCHITECTURE.md §6.6), else the whole amount due. A part is 1 fen to the amount due.
 */
export function partAmount(bill: BillView, amountFen: number | null | undefined): number {
  if (amountFen === undefined || amountFen === null) return bill.dueFen;
  if (!Number.isSafeInteger(amountFen) || amountFen < 1 || amountFen > bill.dueFen) {
    throw new AppError('amount-out-of-range', `amountFen: 1 to ${bill.dueFen} fen (the amount due)`, {
      field: 'amountFen',
      min: 1,
      max: bill.dueFen,
      value: amountFen,
    });
  }
  return amountFen;
}

export interface Collector {
  collect(input: CollectInput): Collected;
  /** A QR attempt: the same checks and the same write-ahead start, with a pay type and no code. */
  collectQr(input: CollectQrInput): Collected;
}

export function createCollect(deps: CollectDeps): Collector {
  const { store, bills, repo, now, log, options } = deps;
  const codePatterns = compileCodePatterns(options.extraCodePatterns ?? []);
  /** Gateway bill numbers per terminal (the bill number's prefix), created at the first payment. */
  const billNums = new Map<string, GatewayBillNums>();
  function gatewayBillNumFor(bill: BillView): string {
    const terminalNo = bill.billNo.split('-')[0] ?? '';
    let gen = billNums.get(terminalNo);
    if (!gen) {
      gen = createGatewayBillNums({
        terminalNo,
        installId: installId(store),
        exists: (num) => repo.byGatewayBillNum(num) !== undefined,
        ...(options.maxBillNumLength !== undefined ? { maxLength: options.maxBillNumLength } : {}),
        ...(options.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: options.utcOffsetMinutes } : {}),
      });
      billNums.set(terminalNo, gen);
    }
    return gen.next(now());
  }

  function commitAttempt(
    bill: BillView,
    a: {
      attemptNo: number;
      gatewayBillNum: string;
      operatorNo: string;
      cardNo: string;
      barCode: string;
      payTypeCode: QrPayType | null;
      /** This attempt's amount: the whole amount due, or a part of it (split payment, §6.6). */
      amountFen: number;
    },
  ): Collected {
    const billId = bill.id;
    const { attemptNo, gatewayBillNum, barCode, cardNo } = a;
    if (options.isGatewayOffline?.()) {
      throw new AppError('gateway-offline', 'the payment gateway is offline: take cash or another tender', { billId });
    }

    let collected: Collected;
    try {
      collected = store.tx(() => {
        const at = now();
        const locked = bills.lockForPayment(billId);
        if (locked.dueFen !== bill.dueFen) {
          throw new AppError('bill-not-open', `bill ${bill.billNo} changed while starting the payment`, { billId });
        }
        const attemptId = repo.insert({
          billId,
          attemptNo,
          gatewayBillNum,
          businessType: bill.businessType,
          operatorNo: a.operatorNo,
          amountFen: a.amountFen,
          barCode,
          cardNo: cardNo || null,
          deadlineAt: at + options.deadlineMs,
          payTypeCode: a.payTypeCode,
          now: at,
        });
        repo.addEvent(attemptId, at, 'created', 'created', {
          gatewayBillNum,
          amountFen: a.amountFen,
          ...(a.amountFen !== bill.dueFen ? { dueFen: bill.dueFen, part: true } : {}),
          ...(a.payTypeCode ? { payTypeCode: a.payTypeCode } : { barCode: maskBarCode(barCode) }),
          operatorNo: a.operatorNo,
          businessType: bill.businessType,
        });
        return { attemptId, bill: locked };
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        // The last line of defence: the partial UNIQUE index refused a second live attempt.
        throw new AppError('payment-in-progress', `bill ${bill.billNo} already has a live payment`, {
          billId,
          billNo: bill.billNo,
        });
      }
      throw e;
    }
    return collected;
  }

  /** The checks every payment start shares: the bill exists, has no live attempt, is open and owes money. */
  function checkBill(billId: number): BillView {
    if (!Number.isSafeInteger(billId) || billId < 1)
      throw new AppError('invalid-input', 'billId: must be a positive integer', { field: 'billId' });
    const bill = bills.get(billId);
    if (!bill) throw new AppError('bill-not-found', `bill ${billId} does not exist`, { billId });

    // One live attempt per bill.
    const live = repo.liveForBill(billId);
    if (live) {
      const code = live.state === 'unconfirmed' ? 'bill-locked' : 'payment-in-progress';
      throw new AppError(
        code,
        `bill ${bill.billNo} already has a live payment (attempt ${live.attempt_no}, ${live.state})`,
        {
          billId,
          billNo: bill.billNo,
          attemptId: live.id,
          state: live.state,
        },
      );
    }
    if (bill.status !== 'open') refuseByBill(bill);
    if (bill.dueFen <= 0 || bill.lines.every((l) => l.voided)) {
      throw new AppError('bill-empty', `bill ${bill.billNo} has nothing to pay`, {
        billId,
        billNo: bill.billNo,
        dueFen: bill.dueFen,
      });
    }
    return bill;
  }

  function collect(input: CollectInput): Collected {
    const billId = input.billId;
    if (typeof input.barCode !== 'string') throw barCodeRequired();
    const bill = checkBill(billId);
    // Only a code a wallet issues goes to the gateway: nothing written, nothing sent otherwise.
    // The length is checked here, before the wallet rules, so a long scan reads "too long";
    // buildBarCodeBody below validates the whole request as it will be sent.
    const length = input.barCode.trim().length;
    if (length === 0) throw barCodeRequired();
    if (length > BAR_CODE_MAX) {
      throw new AppError('barcode-too-long', `barCode: at most ${BAR_CODE_MAX} characters (got ${length})`, {
        field: 'barCode',
        limit: BAR_CODE_MAX,
        actual: length,
      });
    }
    const checked = checkPaymentCode(input.barCode, codePatterns);
    if (!checked.ok) {
      log.info('payments.code-refused', { billId, length });
      throw new AppError(checked.error.code, checked.error.message, checked.error.details);
    }
    const barCode = checked.code;
    const amountFen = partAmount(bill, input.amountFen);

    // Validate the request exactly as it will be sent, BEFORE any write.
    const attemptNo = repo.nextAttemptNo(billId);
    // The gateway's own short number (main/payments/gateway-bill-num.ts); people keep billNo.
    const gatewayBillNum = gatewayBillNumFor(bill);
    const cardNo = (input.cardNo ?? bill.cardNo ?? '').trim();
    const built = buildBarCodeBody({
      businessType: bill.businessType,
      operatorNo: input.operatorNo,
      billNum: gatewayBillNum,
      amountFen,
      barCode,
      ...(cardNo ? { cardNo } : {}),
    });
    if (!built.ok) throw new AppError(built.error.code, built.error.message, built.error.details);

    const collected = commitAttempt(bill, {
      attemptNo,
      gatewayBillNum,
      operatorNo: built.value.operatorNo,
      cardNo,
      barCode,
      payTypeCode: null,
      amountFen,
    });
    log.info('payments.collect', {
      attemptId: collected.attemptId,
      gatewayBillNum,
      amountFen,
      barCode: maskBarCode(barCode),
    });
    return collected;
  }

  function collectQr(input: CollectQrInput): Collected {
    const bill = checkBill(input.billId);
    const payType = QrPayTypeSchema.safeParse(input.payTypeCode);
    if (!payType.success) {
      throw new AppError('invalid-input', `payTypeCode: must be one of ${QR_PAY_TYPES.join(', ')}`, {
        field: 'payTypeCode',
        limit: QR_PAY_TYPES.join(', '),
      });
    }
    const amountFen = partAmount(bill, input.amountFen);
    const attemptNo = repo.nextAttemptNo(bill.id);
    const gatewayBillNum = gatewayBillNumFor(bill);
    const cardNo = (input.cardNo ?? bill.cardNo ?? '').trim();
    const built = buildScanCodeBody({
      businessType: bill.businessType,
      operatorNo: input.operatorNo,
      billNum: gatewayBillNum,
      amountFen,
      payTypeCode: payType.data,
      ...(cardNo ? { cardNo } : {}),
    });
    if (!built.ok) throw new AppError(built.error.code, built.error.message, built.error.details);
    const collected = commitAttempt(bill, {
      attemptNo,
      gatewayBillNum,
      operatorNo: built.value.operatorNo,
      cardNo,
      barCode: payType.data,
      payTypeCode: payType.data,
      amountFen,
    });
    log.info('payments.collect-qr', {
      attemptId: collected.attemptId,
      gatewayBillNum,
      amountFen,
      payTypeCode: payType.data,
    });
    return collected;
  }

  return { collect, collectQr };
}
