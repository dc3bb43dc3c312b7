/** The campus simulator's shapes: operations, failure modes, ledger rows, options, events and its handle. */
import type { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { AmountUnit, SuccessParam } from './schema.js';

export type CampusOp = 'searchPayPackages' | 'payMoney' | 'searchSuccessData';

export const CampusFailureSchema = z.object({
  /** As in the KesionEDU simulator; `refuse` answers `{ error: 1, message: msg }`. */
  mode: z.enum(['slow', 'http-5xx', 'malformed', 'refuse']),
  ms: z.number().int().min(0).max(600_000).nullable().default(null),
  processed: z.boolean().default(false),
  msg: z.string().max(200).default('系统繁忙，请稍后再试'),
  op: z.enum(['searchPayPackages', 'payMoney', 'searchSuccessData']).optional(),
  times: z.number().int().positive().optional(),
});
export type CampusFailureInput = z.input<typeof CampusFailureSchema>;
export type CampusFailure = z.output<typeof CampusFailureSchema>;

export interface SimStudent {
  userID: string;
  empName: string;
  cardNo: string;
  photo: string;
  gradeName: string;
  className: string;
  mobile: string;
  sim: string;
}

export interface SimItem {
  id: string;
  name: string;
  /** yuan, as the seed's `itemValue`. */
  valueFen: number;
  type: 0 | 1;
  payType: 0 | 1;
}

export interface SimCharge {
  chargeId: string;
  orderNo: string;
  recordIDs: string[];
  userID: string;
  channel: string;
  amountFen: number;
  itemIDs: string[];
  payType: number;
  paid: boolean;
  /** Times the charge was marked paid (the invariant: never above 1). */
  paidCount: number;
  successQueries: number;
}

export interface CampusSimOptions {
  amountUnit?: AmountUnit;
  successParam?: SuccessParam;
  /** Path prefix standing for {WebPath} (default "/zhxy"). */
  webPath?: string;
  controller?: string;
  students?: SimStudent[];
  items?: SimItem[];
  now?: () => number;
  port?: number;
}

export interface CampusSimEvents {
  request: [{ op: CampusOp }];
  answered: [{ op: CampusOp; status: number | 'held' }];
}

export interface CampusSimulator {
  /** Base URL including the WebPath, with a trailing slash: pass it as the client's webPath. */
  webPath: string;
  /** Server root (for /__control and /health). */
  url: string;
  port: number;
  events: EventEmitter<CampusSimEvents>;
  setFailure(f: CampusFailureInput | null): void;
  /** The payer scanned and paid: by charge id, order number or record id. */
  markPaid(idOrOrderNo: string): boolean;
  ledger(): { charges: SimCharge[]; requests: Record<CampusOp, number>; lastBody: Record<string, unknown> | null };
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_SIM_STUDENTS: SimStudent[] = [
  {
    userID: '10129580',
    empName: '陈雅诺',
    cardNo: '335731330',
    photo: 'photo/10129580.jpg',
    gradeName: '三年级',
    className: '三年级（2）班',
    mobile: '13800138000',
    sim: '1064812345678',
  },
  {
    userID: '10129581',
    empName: '王子涵',
    cardNo: '335731331',
    photo: 'photo/10129581.jpg',
    gradeName: '五年级',
    className: '五年级（1）班',
    mobile: '13900139000',
    sim: '1064812345679',
  },
];
export const DEFAULT_SIM_ITEMS: SimItem[] = [
  { id: '10000001', name: 'A套餐-不含定位', valueFen: 15800, type: 0, payType: 0 },
  { id: '10000002', name: 'B套餐-含定位', valueFen: 18800, type: 0, payType: 0 },
  { id: '10000003', name: 'A升级B套餐', valueFen: 3000, type: 0, payType: 1 },
  { id: '20000001', name: '短信套餐-家长一', valueFen: 3600, type: 1, payType: 0 },
  { id: '20000002', name: '短信套餐-家长二', valueFen: 3600, type: 1, payType: 0 },
];
