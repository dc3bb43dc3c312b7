import { z } from 'zod';
import { BAR_CODE_MAX } from '../limits.js';
import { command, event, NoInput } from './define.js';
import {
  AppInfoSchema,
  AttemptViewSchema,
  BillViewSchema,
  ConnectivitySchema,
  CounterStateSchema,
  PositiveFenSchema,
} from './schemas.js';

/** The payment code as scanned. Length limit from the KouDaiLQ seed (app/limits.ts BAR_CODE_MAX). */
export const BarCodeSchema = z
  .string()
  .trim()
  .min(1, { message: 'barCode: required' })
  .max(BAR_CODE_MAX, { message: `barCode: at most ${BAR_CODE_MAX} characters` });

/** Where a submitted code came from; 'typed': the counter's entry field (Enter), routed by the core too. */
export const ScanSourceSchema = z.enum([
  'keyboard-wedge',
  'hid-pos',
  'hid-keyboard',
  'electron-wedge',
  'simulated',
  'manual',
  'typed',
]);

export const ScanOutcomeSchema = z.object({
  action: z.enum(['pay', 'add-product', 'set-card', 'pair', 'open-bill', 'reject']),
  /** open-bill: the scanned bill number the screen opens in 单据查询. */
  billNo: z.string().optional(),
  kind: z.string(),
  reason: z.string().nullable(),
  zh: z.string(),
  en: z.string(),
  /** Which sound the counter plays for this scan (app/scan/route.ts; 'error' for every reject). */
  beep: z.enum(['ok', 'error']).optional(),
  /**
   * A payment code scanned at an empty counter (no bill to pay yet) is held by the core for a few
   * seconds under this one-time token: a screen with an amount typed collects it with
   * `scan.collectHeld` (an amount, then a scan from any scanner — HID, Electron wedge).
   */
  held: z.string().optional(),
});
export type ScanOutcome = z.infer<typeof ScanOutcomeSchema>;

/** How long a payment code scanned at an empty counter waits for the typed amount (scan.collectHeld). */
export const SCAN_HOLD_MS = 5_000;

export const PaperWidthSchema = z.union([z.literal(58), z.literal(80)]);

export const ReceiptPrintResultSchema = z.object({
  printed: z.boolean(),
  /** The printer the shell used (null = the system default). */
  printer: z.string().nullable(),
  paperWidthMm: PaperWidthSchema,
});

export const coreCommands = {
  'app.info': command(NoInput, AppInfoSchema, 'public'),
  'counter.state': command(NoInput, CounterStateSchema, 'public'),
  /** Start a new bill holding one free-amount line (the quick sale: type an amount, Enter). */
  'sale.quick': command(z.object({ amountFen: PositiveFenSchema }).strict(), BillViewSchema, 'signed-in'),
  /**
   * The amount typed on this screen, for the payment code the core holds (ScanOutcome.held): the
   * amount becomes the bill (or one more line) and the held code pays for it, in one step. The
   * token is good once, for SCAN_HOLD_MS; otherwise `scan-misplaced` and nothing happens.
   */
  'scan.collectHeld': command(
    z.object({ token: z.string().regex(/^[0-9a-f]{8,64}$/), amountFen: PositiveFenSchema }).strict(),
    ScanOutcomeSchema,
    'signed-in',
  ),
  /** Collect the bill with a scanned payment code: starts one attempt, progress comes as events. */
  'payment.collect': command(
    z.object({ billId: z.number().int().positive(), barCode: BarCodeSchema }).strict(),
    AttemptViewSchema,
    'signed-in',
  ),
  /** The cashier stops waiting: the attempt becomes unconfirmed (never declined) and keeps being reconciled. */
  'payment.stopWaiting': command(
    z.object({ attemptId: z.number().int().positive() }).strict(),
    AttemptViewSchema,
    'signed-in',
  ),
  /** Put the finished bill aside and show an empty counter. */
  'counter.clear': command(NoInput, CounterStateSchema, 'signed-in'),
  /**
   * A scan caught by the keyboard-wedge listener of the browser shell. A scan can pay for the
   * bill on the counter or add to it, so it needs an operator signed in (and the screen
   * unlocked) on the connection that submits it — an operator on another screen does not count.
   *
   * Source 'typed': a code typed into the counter's entry field (Enter), routed and acted on by the
   * core like a scan (app/scan/route-typed.ts) but outside the scan pipeline: no duplicate filter,
   * no held code, no `scan.routed` event or beep; the reply is the outcome.
   */
  'scan.submit': command(
    z
      .object({
        text: z.string().max(4096),
        source: ScanSourceSchema,
        amountFen: PositiveFenSchema.optional(),
        /** Source 'typed' only: the screen waits for a payment code (请扫描付款码); nothing else is acted on. */
        collecting: z.boolean().optional(),
      })
      .strict(),
    ScanOutcomeSchema,
    'signed-in',
  ),
  /**
   * Print a paid bill's receipt on the counter's receipt printer (Electron shell). The core builds
   * the receipt from the ledger; the shell prints it silently at the paper's page size. Where no
   * printer hook exists (browser shell) it answers `printer-unavailable` and the screen prints
   * its preview through the browser instead.
   */
  'receipt.print': command(
    z
      .object({ billId: z.number().int().positive(), paperWidthMm: PaperWidthSchema.optional(), reprint: z.boolean() })
      .strict(),
    ReceiptPrintResultSchema,
    'signed-in',
  ),
} as const;

export const coreEvents = {
  'payment.progress': event(AttemptViewSchema),
  'bill.changed': event(BillViewSchema),
  'connectivity.changed': event(ConnectivitySchema),
  'scan.routed': event(ScanOutcomeSchema),
} as const;
