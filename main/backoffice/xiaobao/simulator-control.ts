/** The Xiaobao simulator's /__control/* endpoints (main/backoffice/xiaobao/simulator.ts). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from '../../net/local-http.js';
import {
  SimFaultsSchema,
  type SimFaults,
  type SimFaultsInput,
  type SimLedger,
  type SimOrder,
  type SimStats,
  type SimStudent,
} from './simulator-types.js';

export const StudentSchema = z.strictObject({
  id: z.number().int().positive(),
  name: z.string().min(1).max(50),
  schoolId: z.number().int().positive().optional(),
  schoolName: z.string().max(50).optional(),
  balanceFen: z.number().int().optional(),
  arrearsFen: z.number().int().min(0).optional(),
});
export const PlantSchema = z.strictObject({
  stuInfoId: z.number().int().positive(),
  type: z.number().int(),
  realPayFen: z.number().int().optional(),
  content: z.string().max(200).optional(),
  billNo: z.string().max(64).optional(),
  accountName: z.string().max(100).optional(),
  at: z.number().int().optional(),
  /** 欠费 of the order (fen). */
  arrearageFen: z.number().int().min(0).optional(),
  /** Lines of a signup (type 1: lessons) or item (type 8) order, for the detail endpoints. */
  lines: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(100),
        count: z.number().int().min(1),
        unitPriceFen: z.number().int().min(0),
        promotionFen: z.number().int().min(0).optional(),
        className: z.string().max(100).optional(),
      }),
    )
    .max(50)
    .optional(),
});

export function plantFromControl(
  b: z.infer<typeof PlantSchema>,
  plantOrder: (o: Partial<SimOrder> & { stuInfoId: number; type: number }) => SimOrder,
): SimOrder {
  const amount = b.realPayFen ?? 0;
  return plantOrder({
    stuInfoId: b.stuInfoId,
    type: b.type,
    realPayFen: amount,
    shouldPayFen: amount,
    remainFen: b.type === 2 ? amount : 0,
    content: b.content ?? '',
    ...(b.arrearageFen !== undefined ? { arrearageFen: b.arrearageFen } : {}),
    ...(b.lines !== undefined ? { lines: b.lines } : {}),
    ...(b.at !== undefined ? { createdAt: b.at, changedAt: b.at, dealDate: b.at } : {}),
    accountDetails: b.billNo
      ? [
          {
            accountId: 1,
            accountName: b.accountName ?? '现金',
            oppositeAccount: '',
            amountFen: amount,
            orderNumber: b.billNo,
            isConfirm: true,
          },
        ]
      : [],
  });
}

export interface ControlDeps {
  ledger: () => SimLedger;
  stats: SimStats;
  reset: () => void;
  setFaults: (input: SimFaultsInput) => SimFaults;
  addStudent: (s: SimStudent) => SimStudent;
  plantOrder: (o: Partial<SimOrder> & { stuInfoId: number; type: number }) => SimOrder;
  advanceClock: (ms: number) => void;
  now: () => number;
  expireTokens: () => void;
}

export function createControlHandler(d: ControlDeps) {
  function handleControl(path: string, req: IncomingMessage, res: ServerResponse, raw: string): void {
    const m = req.method;
    if (m === 'GET' && path === '/__control/ledger') return sendJson(res, 200, d.ledger());
    if (m === 'GET' && path === '/__control/stats') return sendJson(res, 200, d.stats);
    if (m === 'POST' && path === '/__control/reset') {
      d.reset();
      return sendJson(res, 200, { ok: true });
    }
    let body: unknown;
    try {
      body = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { ok: false, error: 'body is not JSON' });
    }
    const parse = <T extends z.ZodType>(schema: T): z.infer<T> | null => {
      const r = schema.safeParse(body);
      if (r.success) return r.data;
      sendJson(res, 400, { ok: false, error: z.prettifyError(r.error) });
      return null;
    };
    if (m === 'POST' && path === '/__control/faults') {
      const f = parse(SimFaultsSchema);
      if (f) sendJson(res, 200, { ok: true, faults: d.setFaults(f) });
      return;
    }
    if (m === 'POST' && path === '/__control/students') {
      const s = parse(StudentSchema);
      if (s) sendJson(res, 200, { ok: true, student: d.addStudent(s as SimStudent) });
      return;
    }
    if (m === 'POST' && path === '/__control/orders') {
      const o = parse(PlantSchema);
      if (o) sendJson(res, 200, { ok: true, order: plantFromControl(o, d.plantOrder) });
      return;
    }
    if (m === 'POST' && path === '/__control/clock') {
      const c = parse(z.strictObject({ advanceMs: z.number().int() }));
      if (c) {
        d.advanceClock(c.advanceMs);
        sendJson(res, 200, { ok: true, now: d.now() });
      }
      return;
    }
    if (m === 'POST' && path === '/__control/expire-tokens') {
      d.expireTokens();
      return sendJson(res, 200, { ok: true });
    }
    return sendJson(res, 404, { ok: false, error: `no control endpoint ${m} ${path}` });
  }
  return handleControl;
}
