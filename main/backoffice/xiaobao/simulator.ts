import { EventEmitter } from 'node:events';
import http, { type ServerResponse } from 'node:http';
import { z } from 'zod';
import { listenLocal, readBody, sendJson } from '../../net/local-http.js';
import { seededRandom } from '../../sandbox/clock.js';
import { parseXbDateTime } from './dates.js';
import { yuanToFen } from './money.js';
import { RechargeAccountTranRequestSchema, RefundAccountTranRequestSchema, TokenRequestSchema } from './schemas.js';
import { parseBody, readAnswer } from './simulator-reads.js';
import {
  SIM_CODES,
  SimFaultsSchema,
  type ReadFaultMode,
  type SimEvents,
  type SimFaults,
  type SimFaultsInput,
  type SimLedger,
  type SimOrder,
  type SimStats,
  type SimStudent,
  type WriteFaultMode,
  type XiaobaoSimulatorOptions,
} from './simulator-types.js';

export * from './simulator-types.js';
import { authenticate, bump, createWire } from './simulator-wire.js';
import { createControlHandler } from './simulator-control.js';

/**
 * The Xiaobao ERP simulator: a real HTTP server on 127.0.0.1 speaking the seed's fields.
 *
 * - POST {basePath}/token/get_token → { code: 200, data: { token, expiresIn } } (tokens expire
 *   after `tokenTtlMs` of the injectable clock).
 * - POST {basePath}/OpenApi/{Endpoint} checks, in this order, and refuses with HTTP 200 and a
 *   body code (ASSUMED codes — the real ones are not public):
 *     401 token missing, unknown or expired ("token无效或已过期")
 *     403 corp-id does not match ("corp-id 不正确")
 *     4002 xb-timestamp missing or more than `timestampSkewMs` (5 min) away ("请求已过期")
 *     4001 xb-sign-method is not sha256 or xb-sign does not match ("签名错误")
 *     400 a request field breaks the seed's rules (the message names the field)
 * - Keeps a ledger of students, accounts (balance) and orders; RechargeAccountTran and
 *   RefundAccountTran become account-change orders (type 2) whose accountDetails carry the
 *   caller's accountInfos (orderNumber = the counter's bill number). The list, changed and
 *   detail endpoints answer from that ledger, with paging.
 * - Switchable faults: slow answers, 5xx, commit-then-hang, commit-then-reset, commit-then-5xx,
 *   paging quirks (cap, overlap, repeat-last).
 * - Control: this object's methods in-process, and /__control/* over HTTP (like main/sandbox).
 */

const MAX_BODY = 1_000_000;
const ACCOUNT_IDS: Record<string, number> = {};

export async function startXiaobaoSimulator(options: XiaobaoSimulatorOptions = {}) {
  const host = options.host ?? '127.0.0.1';
  const basePath = (options.basePath ?? '/open-erp').replace(/\/+$/, '');
  const accessKeyId = options.accessKeyId ?? 'sim-access-key-id';
  const accessKeySecret = options.accessKeySecret ?? 'sim-access-key-secret';
  const corpId = options.corpId ?? 'sim-corp';
  const baseClock = options.clock ?? { now: () => Date.now() };
  let clockOffset = 0;
  const clock = { now: () => baseClock.now() + clockOffset };
  const tokenTtlMs = options.tokenTtlMs ?? 2 * 3_600_000;
  const skewMs = options.timestampSkewMs ?? 5 * 60_000;
  const encoding = options.signEncoding ?? 'hex';
  const style = options.successStyle ?? 'code';
  const log = options.log ?? (() => {});
  const events = new EventEmitter<SimEvents>();

  let faults: SimFaults = SimFaultsSchema.parse(options.faults ?? {});
  let dice = faults.seed !== undefined ? seededRandom(faults.seed) : Math.random;
  let writeFaultsUsed = 0;
  let readFaultsUsed = 0;

  const tokens = new Map<string, number>(); // token → expiresAt
  let tokenSeq = 0;
  const students = new Map<number, SimStudent>();
  const orders = new Map<number, SimOrder>();
  let nextOrderId = 1001;
  let nextOrderNumber = 202600001;
  const stats: SimStats = { requests: {}, refused: {}, postsPerBillNo: {}, tokensIssued: 0, faultsApplied: {} };
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  function setFaults(input: SimFaultsInput): SimFaults {
    faults = SimFaultsSchema.parse(input);
    dice = faults.seed !== undefined ? seededRandom(faults.seed) : Math.random;
    writeFaultsUsed = 0;
    readFaultsUsed = 0;
    return faults;
  }

  function reset(): void {
    tokens.clear();
    students.clear();
    orders.clear();
    nextOrderId = 1001;
    nextOrderNumber = 202600001;
    stats.requests = {};
    stats.refused = {};
    stats.postsPerBillNo = {};
    stats.tokensIssued = 0;
    stats.faultsApplied = {};
    clockOffset = 0;
    setFaults({});
  }

  function addStudent(s: Partial<SimStudent> & { id: number; name: string }): SimStudent {
    const st: SimStudent = { schoolId: 1, schoolName: '总校区', balanceFen: 0, arrearsFen: 0, ...s };
    students.set(st.id, st);
    return st;
  }

  /** Plant an order directly in the ledger (e.g. one made at the ERP's own desk). */
  function plantOrder(o: Partial<SimOrder> & { stuInfoId: number; type: number }): SimOrder {
    const st = students.get(o.stuInfoId);
    const t = clock.now();
    const order: SimOrder = {
      id: nextOrderId++,
      orderNumber: nextOrderNumber++,
      stuName: st?.name ?? '',
      content: '',
      shouldPayFen: 0,
      realPayFen: 0,
      remainFen: 0,
      arrearageFen: 0,
      hrDocId: 1,
      schoolId: st?.schoolId ?? 1,
      schoolName: st?.schoolName ?? '总校区',
      status: 2,
      dealDate: t,
      createdAt: t,
      changedAt: t,
      comment: '',
      accountDetails: [],
      accountRemainFen: null,
      source: 'planted',
      ...o,
    };
    orders.set(order.id, order);
    return order;
  }

  function ledger(): SimLedger {
    const byBillNo: Record<string, number> = {};
    for (const o of orders.values()) {
      for (const n of new Set(o.accountDetails.map((d) => d.orderNumber).filter((n) => n !== ''))) bump(byBillNo, n);
    }
    return {
      students: [...students.values()].map((s) => ({ ...s })),
      orders: [...orders.values()].map((o) => structuredClone(o)),
      byBillNo,
      duplicates: Object.entries(byBillNo)
        .filter(([, n]) => n > 1)
        .map(([k]) => k),
    };
  }

  const { reply, fail5xx, resetSocket, hold, later } = createWire({ style, stats, events, held, timers });
  const auth = { tokens, clock, corpId, skewMs, accessKeyId, accessKeySecret, encoding };

  function pickFault<M extends string>(kind: 'write' | 'read'): M | null {
    const f = faults[kind];
    if (f.modes.length === 0) return null;
    const used = kind === 'write' ? writeFaultsUsed : readFaultsUsed;
    if (f.times !== null && used >= f.times) return null;
    if (dice() >= f.probability) return null;
    if (kind === 'write') writeFaultsUsed++;
    else readFaultsUsed++;
    const mode = f.modes[Math.floor(dice() * f.modes.length)] as M;
    bump(stats.faultsApplied, `${kind}:${mode}`);
    return mode;
  }

  // ─── endpoints ───────────────────────────────────────────────────────────────────────────

  function handleToken(res: ServerResponse, raw: string): void {
    const p = parseBody(raw, TokenRequestSchema);
    if (!p.ok) return reply(res, 'token', SIM_CODES.badRequest, p.message);
    if (p.data.accessKeyId !== accessKeyId || p.data.accessKeySecret !== accessKeySecret) {
      return reply(res, 'token', SIM_CODES.tokenInvalid, 'accessKeyId 或 accessKeySecret 不正确');
    }
    const token = `simtok-${++tokenSeq}-${Math.floor(dice() * 1e9).toString(36)}`;
    tokens.set(token, clock.now() + tokenTtlMs);
    stats.tokensIssued++;
    return reply(res, 'token', SIM_CODES.ok, 'success', { token, expiresIn: Math.floor(tokenTtlMs / 1000) });
  }

  function accountTran(
    endpoint: 'RechargeAccountTran' | 'RefundAccountTran',
    raw: string,
  ): { code: number; message: string; orderId?: number } {
    const schema =
      endpoint === 'RechargeAccountTran' ? RechargeAccountTranRequestSchema : RefundAccountTranRequestSchema;
    const p = parseBody(raw, schema);
    if (!p.ok) return { code: SIM_CODES.badRequest, message: p.message };
    const body = p.data as z.infer<typeof RechargeAccountTranRequestSchema> &
      z.infer<typeof RefundAccountTranRequestSchema>;
    const amountField = endpoint === 'RechargeAccountTran' ? 'rechargeAmount' : 'refundAmount';
    const amountFen = yuanToFen(body[amountField], amountField);
    if (amountFen < 1 || amountFen > 9_999_999_900)
      return { code: SIM_CODES.badRequest, message: `${amountField} 限制0.01~99999999` };
    const sum = body.accountInfos.reduce((s, a) => s + yuanToFen(a.amount, 'amount'), 0);
    if (sum !== amountFen)
      return { code: SIM_CODES.badRequest, message: `accountInfos 金额合计 ${sum} 分与 ${amountField} 不符` };
    const st = students.get(body.stuInfoId);
    if (!st) return { code: SIM_CODES.badRequest, message: `学员不存在（stuInfoId ${body.stuInfoId}）` };
    const sign = endpoint === 'RechargeAccountTran' ? 1 : -1;
    if (sign < 0 && st.balanceFen < amountFen) return { code: SIM_CODES.badRequest, message: '学员余额不足' };
    st.balanceFen += sign * amountFen;
    const t = clock.now();
    const order = plantOrder({
      type: 2,
      stuInfoId: st.id,
      content: endpoint === 'RechargeAccountTran' ? '余额账户充值' : '余额账户退款',
      shouldPayFen: sign * amountFen,
      realPayFen: sign * amountFen,
      remainFen: sign * amountFen,
      hrDocId: body.operatorId ?? 1,
      schoolId: body.schoolId ?? st.schoolId,
      dealDate: body.dealDate ? parseXbDateTime(body.dealDate, 'dealDate') : t,
      createdAt: t,
      changedAt: t,
      comment: body.comment ?? '',
      accountRemainFen: st.balanceFen,
      source: endpoint,
      accountDetails: body.accountInfos.map((a) => ({
        accountId: (ACCOUNT_IDS[a.accountName] ??= Object.keys(ACCOUNT_IDS).length + 1),
        accountName: a.accountName,
        oppositeAccount: a.oppositeAccount ?? '',
        amountFen: sign * yuanToFen(a.amount, 'amount'),
        orderNumber: a.orderNumber,
        isConfirm: true,
        ...(a.simplePaymentMethodTradeNo !== undefined
          ? { simplePaymentMethodTradeNo: a.simplePaymentMethodTradeNo }
          : {}),
      })),
    });
    const billNos = [...new Set(order.accountDetails.map((d) => d.orderNumber))];
    log('sim.committed', { endpoint, orderId: order.id, billNos });
    events.emit('committed', { endpoint, orderId: order.id, billNos });
    return { code: SIM_CODES.ok, message: 'success', orderId: order.id };
  }

  function handleWrite(endpoint: 'RechargeAccountTran' | 'RefundAccountTran', res: ServerResponse, raw: string): void {
    try {
      const parsed = JSON.parse(raw) as { accountInfos?: { orderNumber?: unknown }[] };
      for (const n of new Set((parsed.accountInfos ?? []).map((a) => String(a.orderNumber))))
        bump(stats.postsPerBillNo, n);
    } catch {
      /* counted as refused below */
    }
    const fault = pickFault<WriteFaultMode>('write');
    if (fault === 'reset-before') return resetSocket(res, endpoint);
    if (fault === '5xx') return fail5xx(res, endpoint);
    if (fault === 'refuse') return reply(res, endpoint, SIM_CODES.badRequest, '模拟拒绝：校宝暂不受理此单');
    const commitAndAnswer = () => {
      const r = accountTran(endpoint, raw);
      if (res.destroyed || res.writableEnded) return; // the caller left; the commit stands
      if (r.code !== SIM_CODES.ok) return reply(res, endpoint, r.code, r.message);
      if (fault === 'hang-after-commit') return hold(res, endpoint);
      if (fault === 'reset-after-commit') return resetSocket(res, endpoint);
      if (fault === '5xx-after-commit') return fail5xx(res, endpoint);
      return reply(res, endpoint, SIM_CODES.ok, r.message, r.orderId);
    };
    if (fault === 'slow') return later(faults.slowMs, commitAndAnswer);
    commitAndAnswer();
  }

  function handleRead(endpoint: string, res: ServerResponse, raw: string): void {
    const answer = (): void => {
      const r = readAnswer(endpoint, raw, orders, faults);
      reply(res, endpoint, r.code, r.message, r.data);
    };
    const fault = pickFault<ReadFaultMode>('read');
    if (fault === '5xx') return fail5xx(res, endpoint);
    if (fault === 'reset') return resetSocket(res, endpoint);
    if (fault === 'slow') {
      return later(faults.slowMs, () => {
        if (!res.destroyed && !res.writableEnded) answer();
      });
    }
    answer();
  }

  const handleControl = createControlHandler({
    ledger,
    stats,
    reset,
    setFaults,
    addStudent,
    plantOrder,
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    now: () => clock.now(),
    expireTokens: () => tokens.clear(),
  });

  const server = http.createServer((req, res) => {
    readBody(req, res, MAX_BODY, (raw, tooBig) => {
      const path = new URL(req.url ?? '/', 'http://sim').pathname;
      if (tooBig) return sendJson(res, 413, { ok: false, error: 'payload too large' });
      try {
        if (req.method === 'GET' && path === '/health')
          return sendJson(res, 200, { ok: true, name: 'xiaobao-simulator', now: clock.now() });
        if (path.startsWith('/__control/')) return handleControl(path, req, res, raw);
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'method not allowed' });
        if (path === `${basePath}/token/get_token`) {
          bump(stats.requests, 'token');
          return handleToken(res, raw);
        }
        const prefix = `${basePath}/OpenApi/`;
        if (!path.startsWith(prefix)) return sendJson(res, 404, { ok: false, error: 'not found' });
        const endpoint = path.slice(prefix.length);
        bump(stats.requests, endpoint);
        events.emit('request', { endpoint });
        const refused = authenticate(auth, req, path, raw);
        if (refused) return reply(res, endpoint, refused[0], refused[1]);
        if (endpoint === 'RechargeAccountTran' || endpoint === 'RefundAccountTran')
          return handleWrite(endpoint, res, raw);
        return handleRead(endpoint, res, raw);
      } catch (e) {
        log('sim.error', { error: String(e) });
        return sendJson(res, 500, { ok: false, error: 'simulator error' });
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  const port = await listenLocal(server, options.port ?? 0, host);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    /** http://127.0.0.1:PORT */
    origin,
    /** What the client takes as baseUrl: origin + basePath. */
    baseUrl: `${origin}${basePath}`,
    port,
    credentials: { accessKeyId, accessKeySecret, corpId },
    clock,
    events,
    /** Move the simulator's clock (token expiry, timestamp freshness). */
    advanceClock(ms: number): void {
      clockOffset += ms;
    },
    expireTokens(): void {
      tokens.clear();
    },
    setFaults,
    faults: () => faults,
    reset,
    addStudent,
    plantOrder,
    ledger,
    stats: () => structuredClone(stats),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const r of held) r.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type XiaobaoSimulator = Awaited<ReturnType<typeof startXiaobaoSimulator>>;
