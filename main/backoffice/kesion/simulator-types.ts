/** The kesion simulator's shapes: operations, failure modes, ledger rows, options, events and its handle. */
import type { EventEmitter } from 'node:events';
import { z } from 'zod';

export type KesionOp = 'initialize' | 'saveBatchBill' | 'saveSignUpOrder' | 'orderInfo';

export const KesionFailureSchema = z.object({
  /**
   * slow: the request is processed, the answer waits `ms` (null: never answered; the client
   * times out). http-5xx: HTML error page (`processed` says whether it took effect first).
   * malformed: HTTP 200, truncated JSON (processed). refuse: `result:false` with `msg`.
   */
  mode: z.enum(['slow', 'http-5xx', 'malformed', 'refuse']),
  ms: z.number().int().min(0).max(600_000).nullable().default(null),
  processed: z.boolean().default(false),
  msg: z.string().max(200).default('系统繁忙，请稍后再试'),
  /** Only for this endpoint (default: every endpoint). */
  op: z.enum(['initialize', 'saveBatchBill', 'saveSignUpOrder', 'orderInfo']).optional(),
  /** Only the next N matching requests (default: until cleared). */
  times: z.number().int().positive().optional(),
});
export type KesionFailure = z.output<typeof KesionFailureSchema>;
export type KesionFailureInput = z.input<typeof KesionFailureSchema>;

export interface SimCourse {
  id: string;
  type: 1 | 2 | 3;
  name: string;
  purchaseFen: number;
  marketFen: number;
  buyLimit: number;
  enrollBegin: string;
  enrollEnd: string;
}

export interface SimOrder {
  orderid: string;
  payorderid: string;
  type: number;
  courseIds: string[];
  userIds: string[];
  totalFen: number;
  paid: boolean;
  paidWith: string | null;
  /** How many times the order was turned into paid (the invariant: never above 1). */
  confirmCount: number;
  /** SaveSignUpOrder requests refused because the order was already paid. */
  repeatedConfirmations: number;
  signUpRequests: number;
}

export interface KesionSimOptions {
  apptoken?: string;
  /** When set, every call must carry it. */
  apikey?: string | null;
  balanceFen?: number;
  /** The payid that pays from the institution's balance. */
  balancePayId?: string;
  /** payids recorded as collected at the counter (offline). */
  counterPayIds?: string[];
  /** Answer `result` as the strings "true"/"false" (some sites do). */
  stringResults?: boolean;
  courses?: SimCourse[];
  port?: number;
}

export interface KesionSimEvents {
  request: [{ op: KesionOp; authIn: 'query' | 'body' | 'none' }];
  answered: [{ op: KesionOp; status: number | 'held' }];
}

export interface KesionSimulator {
  url: string;
  port: number;
  apptoken: string;
  events: EventEmitter<KesionSimEvents>;
  setFailure(f: KesionFailureInput | null): void;
  /** Mark a pay order paid online (as the pay-online `url` would). */
  payOnline(payorderid: string): boolean;
  ledger(): {
    balanceFen: number;
    orders: SimOrder[];
    requests: Record<KesionOp, number>;
    lastAuthIn: 'query' | 'body' | 'none' | null;
  };
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_SIM_COURSES: SimCourse[] = [
  {
    id: '101',
    type: 1,
    name: '高一数学同步课',
    purchaseFen: 19900,
    marketFen: 29900,
    buyLimit: 10,
    enrollBegin: '2026-09-01 00:00:00',
    enrollEnd: '2027-01-31 23:59:59',
  },
  {
    id: '102',
    type: 1,
    name: '高一英语听说',
    purchaseFen: 9950,
    marketFen: 12800,
    buyLimit: 0,
    enrollBegin: '2026-09-01 00:00:00',
    enrollEnd: '2027-01-31 23:59:59',
  },
  {
    id: '201',
    type: 2,
    name: '班级报名测试',
    purchaseFen: 1,
    marketFen: 10000,
    buyLimit: 10,
    enrollBegin: '2022-09-04 15:21:50',
    enrollEnd: '2027-04-28 10:58:03',
  },
  {
    id: '301',
    type: 3,
    name: '寒假编程训练营',
    purchaseFen: 128000,
    marketFen: 168000,
    buyLimit: 30,
    enrollBegin: '2026-11-01 00:00:00',
    enrollEnd: '2027-01-15 23:59:59',
  },
];
