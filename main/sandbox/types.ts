/**
 * The sandbox gateway's public shapes: its options, its ledger and statistics as tests read them,
 * the events it emits while answering, and the handle `startSandboxGateway` returns.
 */
import type { EventEmitter } from 'node:events';
import type { SandboxClock } from './clock.js';
import type { FaultsInput, Scenario } from './scenarios.js';

export type PayStatus = 'USERPAYING' | 'SUCCESS' | 'PAYERROR';

export interface LedgerEntry {
  billNum: string;
  autoid: string;
  barCodeMasked: string;
  amountFen: number;
  /** The summary exactly as it arrived on the wire. */
  summary: string;
  businessType: number;
  operatorNo: string;
  cardNo: string | null;
  scenario: Scenario['kind'];
  createdAt: number;
  paystatus: PayStatus;
  /** How many times money was taken for this billNum (the invariant: never above 1). */
  chargeCount: number;
  chargedAt: number | null;
  barCodeRequests: number;
  queryRequests: number;
}

export interface LedgerSummary {
  payments: LedgerEntry[];
  totals: {
    payments: number;
    charged: number;
    chargedFen: number;
    /** billNums charged more than once (must always be empty). */
    doubleCharged: string[];
    /** BarCode requests refused because the code had already been used under another billNum. */
    reusedCodeRejections: number;
  };
}

export interface SandboxStats {
  barCodeRequests: number;
  queryRequests: number;
  /** Per billNum: how many BarCode and Query requests arrived (faulted ones included). */
  perBill: Record<string, { barCode: number; query: number }>;
}

export type SandboxOp = 'barcode' | 'query';

export interface SandboxEvents {
  /** A gateway request arrived (after its body was read). */
  request: [{ op: SandboxOp; billNum: string | null }];
  /** An answer is being held: for `ms` (a number) or until the client gives up (null). */
  held: [{ op: SandboxOp; billNum: string | null; ms: number | null }];
  /** An answer was written (or the socket reset). */
  answered: [{ op: SandboxOp; billNum: string | null; status: number | 'reset'; errcode?: number; paystatus?: string }];
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  clock?: SandboxClock;
  /** Dice for fault injection (default Math.random, or seeded by faults.seed). */
  random?: () => number;
  /** A payment code pays once: a second billNum with the same code is declined (default true, as in real wallets). */
  singleUseCodes?: boolean;
  /** Payment codes paid at once besides the wallets' (config `payment.extraCodePatterns`; full match, digits only). */
  extraCodePatterns?: readonly string[];
  faults?: FaultsInput;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface ScenarioTarget {
  /** Apply to the payment with this billNum (its first BarCode request). */
  billNum?: string;
  /** Apply to the next N new payments (default: every new payment until cleared). */
  times?: number;
}

export interface SandboxGateway {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:43123/ */
  url: string;
  port: number;
  clock: SandboxClock;
  events: EventEmitter<SandboxEvents>;
  close(): Promise<void>;
  /** Pay a waiting QR (ScanCode) as a payer scanning it would; the billNum paid, or null. */
  payQr(billNum?: string): string | null;
  /** Force a scenario (null clears the global override). */
  setScenario(scenario: Scenario | null, target?: ScenarioTarget): void;
  setFaults(faults: FaultsInput): void;
  /** Forget every payment, scenario, fault and counter. */
  reset(): void;
  ledger(): LedgerSummary;
  stats(): SandboxStats;
}
