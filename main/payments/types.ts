import type { AttemptView } from '../../app/contract/schemas.js';
import type { QrPayType } from '../../app/payment/scan-code.js';
import type { SupervisorResolution } from '../../app/payment/state.js';

/** A supervisor's resolution of a payment that is not final (usually unconfirmed). */
export interface ResolveInput {
  /** cancelled: closed without money (bill unlocked); paid: confirmed received (bill paid); declined: confirmed failed (bill unlocked). */
  resolution: SupervisorResolution;
  /** Why (required, at most 200 characters), e.g. what the customer's phone or the merchant portal showed. */
  note: string;
  /** The supervisor's operator number (required, at most 32). The caller checks the role and PIN. */
  by: string;
}

/**
 * The payment engine as the rest of the core sees it (docs/ARCHITECTURE.md §6). Implemented in
 * main/payments/engine.ts. Rules it keeps: write-ahead (the attempt is committed before the
 * request leaves), one live attempt per bill (the bill is locked), unknown is not failed,
 * a cashier deadline after which the attempt is unconfirmed and reconciled in the background,
 * and every non-final attempt resumed at start.
 */
export interface PaymentEngine {
  /**
   * Start collecting bill `billId` with a scanned payment code. Commits the attempt and locks
   * the bill, then returns at once (the gateway call runs on); progress is pushed as
   * `payment.progress` events. Refuses with AppError: `bill-locked` / `payment-in-progress`
   * while another attempt of the bill is live, `gateway-offline` when the gateway is known to
   * be offline, `barcode-invalid`/`barcode-too-long`/`invalid-input` naming the field and limit.
   */
  collect(input: {
    billId: number;
    barCode: string;
    operatorNo: string;
    cardNo?: string | null;
    /** A part of the amount due (split payment, docs/ARCHITECTURE.md §6.6); default the whole due. */
    amountFen?: number | null;
  }): AttemptView;
  /**
   * Start collecting bill `billId` with a QR the payer scans (KouDaiLQ ScanCode): the same
   * checks, write-ahead start and bill lock as `collect`, with a pay type instead of a code. The
   * QR arrives with the attempt's progress (`qrContent`); the Query loop confirms the payment.
   */
  collectQr(input: {
    billId: number;
    payTypeCode: QrPayType;
    operatorNo: string;
    cardNo?: string | null;
    /** A part of the amount due (split payment); default the whole due. */
    amountFen?: number | null;
  }): AttemptView;
  /** The cashier stops waiting: the attempt becomes unconfirmed (never declined) and is reconciled. */
  stopWaiting(attemptId: number): AttemptView;
  /** A view of one attempt, or null. */
  get(attemptId: number): AttemptView | null;
  /** The newest attempt of a bill (live or not), or null. */
  latestForBill(billId: number): AttemptView | null;
  /** Attempts that are not final (created, sent, awaiting-payer, unconfirmed). */
  listOpen(): AttemptView[];
  /** Query the gateway now for an attempt (supervisor "query now"); resolves with the new view. */
  queryNow(attemptId: number, by?: string): Promise<AttemptView>;
  /**
   * Supervisor resolution of a live attempt (normally an unconfirmed one): journaled and audited
   * (`payment.resolve`, authorisedBy = by). Refuses a final attempt (`invalid-input`). The role
   * and PIN check is the caller's job.
   */
  resolve(attemptId: number, input: ResolveInput): AttemptView;
  /** Resume every non-final attempt (called once at start) and start the reconciler. */
  start(): void;
  /** Stop timers and wait for requests in flight to settle (or be abandoned, still non-final in the store). */
  stop(): Promise<void>;
}
