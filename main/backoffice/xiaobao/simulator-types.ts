/** The Xiaobao simulator's shapes: its answer codes, ledger rows, faults, options, stats and events. */
import { z } from 'zod';
import type { SignEncoding } from './sign.js';

export const SIM_CODES = {
  ok: 200,
  badRequest: 400,
  tokenInvalid: 401,
  corpMismatch: 403,
  notFound: 404,
  badSign: 4001,
  staleTimestamp: 4002,
} as const;

export interface SimStudent {
  id: number;
  name: string;
  schoolId: number;
  schoolName: string;
  balanceFen: number;
  arrearsFen: number;
}

export interface SimAccountDetail {
  accountId: number;
  accountName: string;
  oppositeAccount: string;
  amountFen: number;
  orderNumber: string;
  isConfirm: boolean;
  /** As posted in accountInfos (kept for tests; the seed's replies do not carry it). */
  simplePaymentMethodTradeNo?: string;
}

export interface SimOrder {
  id: number;
  orderNumber: number;
  type: number;
  stuInfoId: number;
  stuName: string;
  content: string;
  shouldPayFen: number;
  realPayFen: number;
  remainFen: number;
  arrearageFen: number;
  hrDocId: number;
  schoolId: number;
  schoolName: string;
  status: number;
  dealDate: number;
  createdAt: number;
  changedAt: number;
  comment: string;
  accountDetails: SimAccountDetail[];
  accountRemainFen: number | null;
  /** Lessons (type 1) or items (type 8) of a planted order, shown by the detail endpoints. */
  lines?: { name: string; count: number; unitPriceFen: number; promotionFen?: number; className?: string }[];
  /** How the order came to be: an API post, or planted by a test. */
  source: 'RechargeAccountTran' | 'RefundAccountTran' | 'planted';
}

export const WriteFaultModes = [
  'slow',
  '5xx',
  '5xx-after-commit',
  'hang-after-commit',
  'reset-after-commit',
  'reset-before',
  /** A business refusal (code 400, nothing recorded): the poster's 'failed' (重试 in 校宝对账). */
  'refuse',
] as const;
export const ReadFaultModes = ['slow', '5xx', 'reset'] as const;
export type WriteFaultMode = (typeof WriteFaultModes)[number];
export type ReadFaultMode = (typeof ReadFaultModes)[number];

export const SimFaultsSchema = z.strictObject({
  write: z
    .strictObject({
      modes: z.array(z.enum(WriteFaultModes)).default([]),
      /** Chance per post that one of `modes` (picked at random) applies. */
      probability: z.number().min(0).max(1).default(1),
      /** Apply to this many posts only (null = every post). */
      times: z.number().int().min(0).nullable().default(null),
    })
    .prefault({}),
  read: z
    .strictObject({
      modes: z.array(z.enum(ReadFaultModes)).default([]),
      probability: z.number().min(0).max(1).default(1),
      times: z.number().int().min(0).nullable().default(null),
    })
    .prefault({}),
  /** Delay of a 'slow' answer; a slow post commits after the delay even if the caller left. */
  slowMs: z.number().int().min(0).max(120_000).default(2_000),
  /** cap: at most pageCap rows whatever pageSize; overlap: each page repeats the previous page's last row; repeat-last: past the end, the last page again. */
  paging: z.enum(['none', 'cap', 'overlap', 'repeat-last']).default('none'),
  pageCap: z.number().int().min(1).max(500).default(20),
  seed: z.number().int().optional(),
});
export type SimFaults = z.infer<typeof SimFaultsSchema>;
export type SimFaultsInput = z.input<typeof SimFaultsSchema>;

export interface SimClock {
  now(): number;
}

export interface XiaobaoSimulatorOptions {
  host?: string;
  port?: number;
  basePath?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  corpId?: string;
  clock?: SimClock;
  tokenTtlMs?: number;
  timestampSkewMs?: number;
  signEncoding?: SignEncoding;
  /** Which success field the simulator writes: code (200) or state (0). */
  successStyle?: 'code' | 'state';
  faults?: SimFaultsInput;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface SimLedger {
  students: SimStudent[];
  orders: SimOrder[];
  /** Bill number (accountDetails.orderNumber) → how many orders carry it. */
  byBillNo: Record<string, number>;
  /** Bill numbers carried by more than one order (must stay empty). */
  duplicates: string[];
}

export interface SimStats {
  requests: Record<string, number>;
  refused: Record<string, number>;
  /** Posts (recharge/refund) that arrived, per bill number, committed or not. */
  postsPerBillNo: Record<string, number>;
  tokensIssued: number;
  faultsApplied: Record<string, number>;
}

export interface SimEvents {
  request: [{ endpoint: string }];
  /** A recharge/refund was written to the ledger (before any answer or fault). */
  committed: [{ endpoint: string; orderId: number; billNos: string[] }];
  answered: [{ endpoint: string; status: number | 'reset' | 'held'; code?: number }];
}
