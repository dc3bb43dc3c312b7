import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { maskBarCode } from '../../app/payment/gateway-schema.js';
import { realClock, seededRandom, type SandboxClock, type Timer } from './clock.js';
import {
  FaultsSchema,
  ScenarioSchema,
  scenarioForCode,
  type FaultConfig,
  type Faults,
  type FaultsInput,
  type Scenario,
} from './scenarios.js';
import { compileCodePatterns } from '../../app/payment/payment-code.js';

/**
 * The embedded sandbox gateway: a real HTTP server that speaks the KouDaiLQ BarCode and Query
 * endpoints the way the client sends them, keeps a ledger keyed by billNum (a repeated billNum
 * never charges twice), and plays the scenarios chosen by the scanned code or by tests.
 */

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
  /** Force a scenario (null clears the global override). */
  setScenario(scenario: Scenario | null, target?: ScenarioTarget): void;
  setFaults(faults: FaultsInput): void;
  /** Forget every payment, scenario, fault and counter. */
  reset(): void;
  ledger(): LedgerSummary;
  stats(): SandboxStats;
}

interface Payment {
  billNum: string;
  autoid: string;
  barCode: string;
  amountFen: number;
  summary: string;
  businessType: number;
  operatorNo: string;
  cardNo: string | null;
  scenario: Scenario['kind'];
  createdAt: number;
  status: PayStatus;
  statusDesc: string;
  resolveAt: number | null;
  resolveTo: PayStatus | null;
  resolveDesc: string;
  chargeCount: number;
  chargedAt: number | null;
  barCodeRequests: number;
  queryRequests: number;
}

interface Reply {
  errcode: number;
  errmsg: string;
  tag: { billnum: string; autoid: string; billstatus: string; paystatus: string; paystatusdesc: string };
}

const DECLINES: Record<'balance' | 'expired' | 'invalid' | 'account', { errmsg: string; desc: string }> = {
  balance: { errmsg: 'NOTENOUGH: 用户余额不足，请更换付款方式', desc: '余额不足' },
  expired: { errmsg: 'AUTHCODEEXPIRE: 付款码已过期，请刷新后重新付款', desc: '付款码已过期' },
  invalid: { errmsg: 'AUTH_CODE_INVALID: 付款码无效，请重新扫码', desc: '付款码无效' },
  account: { errmsg: 'PAYER_ACCOUNT_ABNORMAL: 用户账户异常，请更换付款方式', desc: '账户异常' },
};

const BILLSTATUS: Record<PayStatus, string> = { USERPAYING: '0', SUCCESS: '1', PAYERROR: '2' };
const STATUS_TEXT: Record<PayStatus, string> = { USERPAYING: '用户支付中，需要输入密码', SUCCESS: '支付成功', PAYERROR: '支付失败' };

const MAX_BODY = 64 * 1024;

const ScenarioControlSchema = z.object({
  scenario: z.union([ScenarioSchema, z.string(), z.null()]),
  billNum: z.string().min(1).max(32).optional(),
  times: z.number().int().positive().optional(),
});

function pick(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function asText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function drawFault(cfg: FaultConfig, random: () => number): 'reset' | 'http-5xx' | 'drop' | 'slow' | null {
  const r = random();
  let acc = cfg.resetRate;
  if (r < acc) return 'reset';
  acc += cfg.http5xxRate;
  if (r < acc) return 'http-5xx';
  acc += cfg.dropRate;
  if (r < acc) return 'drop';
  acc += cfg.slowRate;
  if (r < acc) return 'slow';
  return null;
}

export async function startSandboxGateway(options: SandboxOptions = {}): Promise<SandboxGateway> {
  const clock = options.clock ?? realClock;
  const host = options.host ?? '127.0.0.1';
  const singleUse = options.singleUseCodes ?? true;
  const extraPatterns = compileCodePatterns(options.extraCodePatterns ?? []);
  const log = options.log ?? (() => {});
  const events = new EventEmitter<SandboxEvents>();
  events.setMaxListeners(1000);

  let faults: Faults = FaultsSchema.parse(options.faults ?? {});
  let random = options.random ?? (faults.seed !== undefined ? seededRandom(faults.seed) : Math.random);
  const payments = new Map<string, Payment>();
  const codesUsed = new Map<string, string>(); // barCode → billNum
  const perBill = new Map<string, { barCode: number; query: number }>();
  let totals = { barCode: 0, query: 0, reusedCodeRejections: 0 };
  let autoSeq = 0;
  let globalScenario: { scenario: Scenario; remaining: number } | null = null;
  const billScenario = new Map<string, Scenario>();
  const timers = new Set<Timer>();

  function materialize(p: Payment): void {
    const now = clock.now();
    if (p.resolveAt !== null && p.resolveTo !== null && now >= p.resolveAt) {
      p.status = p.resolveTo;
      p.statusDesc = p.resolveDesc;
      if (p.resolveTo === 'SUCCESS') charge(p, p.resolveAt);
      p.resolveAt = null;
      p.resolveTo = null;
    }
  }

  function charge(p: Payment, at: number): void {
    p.chargeCount += 1;
    p.chargedAt ??= at;
  }

  function replyOf(p: Payment): Reply {
    materialize(p);
    return {
      errcode: 0,
      errmsg: STATUS_TEXT[p.status],
      tag: { billnum: p.billNum, autoid: p.autoid, billstatus: BILLSTATUS[p.status], paystatus: p.status, paystatusdesc: p.statusDesc },
    };
  }

  function business(errmsg: string, billNum = '', extra: Partial<Reply['tag']> = {}): Reply {
    return { errcode: 1, errmsg, tag: { billnum: billNum, autoid: '', billstatus: '', paystatus: '', paystatusdesc: '', ...extra } };
  }

  function countRequest(op: SandboxOp, billNum: string | null): void {
    if (op === 'barcode') totals.barCode += 1;
    else totals.query += 1;
    if (billNum) {
      const c = perBill.get(billNum) ?? { barCode: 0, query: 0 };
      if (op === 'barcode') c.barCode += 1;
      else c.query += 1;
      perBill.set(billNum, c);
      const p = payments.get(billNum);
      if (p) {
        if (op === 'barcode') p.barCodeRequests += 1;
        else p.queryRequests += 1;
      }
    }
  }

  function chooseScenario(billNum: string, barCode: string): Scenario {
    const forBill = billScenario.get(billNum);
    if (forBill) {
      billScenario.delete(billNum);
      return forBill;
    }
    if (globalScenario) {
      const s = globalScenario.scenario;
      globalScenario.remaining -= 1;
      if (globalScenario.remaining <= 0) globalScenario = null;
      return s;
    }
    return scenarioForCode(barCode, extraPatterns);
  }

  /** Create the payment for a new billNum following its scenario. Returns null when nothing was recorded. */
  function createPayment(
    req: { billNum: string; barCode: string; amountFen: number; summary: string; businessType: number; operatorNo: string; cardNo: string | null },
    scenario: Scenario,
    processed: boolean,
  ): Payment | null {
    if ((scenario.kind === 'http-500' || scenario.kind === 'reset') && !scenario.charged) return null;
    if (!processed) return null;
    const now = clock.now();
    const p: Payment = {
      ...req,
      autoid: String(++autoSeq),
      scenario: scenario.kind,
      createdAt: now,
      status: 'USERPAYING',
      statusDesc: '用户支付中',
      resolveAt: null,
      resolveTo: null,
      resolveDesc: '',
      chargeCount: 0,
      chargedAt: null,
      barCodeRequests: 0,
      queryRequests: 0,
    };
    const later = (seconds: number, to: PayStatus, desc: string) => {
      p.resolveAt = now + seconds * 1000;
      p.resolveTo = to;
      p.resolveDesc = desc;
    };
    switch (scenario.kind) {
      case 'paid':
      case 'slow':
      case 'malformed':
      case 'http-500':
      case 'reset':
        p.status = 'SUCCESS';
        p.statusDesc = '支付成功';
        charge(p, now);
        break;
      case 'password':
      case 'hang':
      case 'business-error':
        later(scenario.seconds, 'SUCCESS', '支付成功');
        break;
      case 'payer-cancels':
        later(scenario.seconds, 'PAYERROR', '用户取消支付');
        break;
      case 'declined':
        p.status = 'PAYERROR';
        p.statusDesc = DECLINES[scenario.why].desc;
        break;
    }
    materialize(p);
    payments.set(p.billNum, p);
    codesUsed.set(p.barCode, p.billNum);
    const c = perBill.get(p.billNum);
    if (c) {
      p.barCodeRequests = c.barCode;
      p.queryRequests = c.query;
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------
  // Answering
  // ---------------------------------------------------------------------------------------

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  function sendText(res: ServerResponse, status: number, text: string, type = 'text/html; charset=utf-8'): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  /** Run `fn` after `ms` (sandbox clock), unless the client gave up meanwhile. */
  function later(res: ServerResponse, op: SandboxOp, billNum: string | null, ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn();
      return;
    }
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) fn();
    }, ms);
    timers.add(timer);
    res.on('close', () => {
      timer.cancel();
      timers.delete(timer);
    });
    events.emit('held', { op, billNum, ms });
  }

  function hold(res: ServerResponse, op: SandboxOp, billNum: string | null): void {
    events.emit('held', { op, billNum, ms: null });
    // Nothing is written; the client times out and closes. close() destroys what is left.
  }

  function answerReply(res: ServerResponse, op: SandboxOp, billNum: string | null, reply: Reply, delayMs: number): void {
    later(res, op, billNum, delayMs, () => {
      sendJson(res, 200, reply);
      log('sandbox.answer', { op, billNum, errcode: reply.errcode, paystatus: reply.tag.paystatus });
      events.emit('answered', { op, billNum, status: 200, errcode: reply.errcode, paystatus: reply.tag.paystatus });
    });
  }

  function answerFault(
    req: IncomingMessage,
    res: ServerResponse,
    op: SandboxOp,
    billNum: string | null,
    fault: 'reset' | 'http-5xx' | 'drop',
    delayMs: number,
  ): void {
    if (fault === 'drop') return hold(res, op, billNum);
    later(res, op, billNum, delayMs, () => {
      if (fault === 'reset') {
        req.socket.destroy();
        events.emit('answered', { op, billNum, status: 'reset' });
      } else {
        sendText(res, fault === 'http-5xx' ? 503 : 500, '<html><body><h1>503 Service Unavailable</h1></body></html>');
        events.emit('answered', { op, billNum, status: 503 });
      }
    });
  }

  function handleBarCode(req: IncomingMessage, res: ServerResponse, raw: string): void {
    let body: Record<string, unknown> = {};
    try {
      const v: unknown = JSON.parse(raw.replace(/^\uFEFF/, ''));
      if (v && typeof v === 'object' && !Array.isArray(v)) body = v as Record<string, unknown>;
    } catch {
      countRequest('barcode', null);
      events.emit('request', { op: 'barcode', billNum: null });
      return answerReply(res, 'barcode', null, business('参数错误: 请求体不是 JSON'), faults.networkDelayMs);
    }
    const billNum = asText(pick(body, 'billNum')).trim();
    countRequest('barcode', billNum || null);
    events.emit('request', { op: 'barcode', billNum: billNum || null });
    const delay = faults.networkDelayMs;

    // Validation, as the seed's limits say.
    const barCode = asText(pick(body, 'barCode')).trim();
    const operatorNo = asText(pick(body, 'operatorNo')).trim();
    const cardNo = asText(pick(body, 'cardNo')).trim();
    const businessType = Number(pick(body, 'BusinessType'));
    const summaryRaw = /"summary"\s*:\s*"?([^,"}\s]+)"?/i.exec(raw)?.[1] ?? '';
    const sm = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(summaryRaw);
    const problems: string[] = [];
    if (!billNum || billNum.length > 32) problems.push('billNum 必填且不超过 32 位');
    if (!operatorNo || operatorNo.length > 32) problems.push('operatorNo 必填且不超过 32 位');
    if (!barCode || barCode.length > 40) problems.push('barCode 必填且不超过 40 位');
    if (cardNo.length > 20) problems.push('cardNo 不超过 20 位');
    if (!Number.isInteger(businessType) || businessType < 1 || businessType > 7) problems.push('BusinessType 须为 1–7');
    if (businessType === 7 && !cardNo) problems.push('储值卡充值须提供 cardNo');
    if (!sm) problems.push('summary 须为最多两位小数的金额');
    const amountFen = sm ? Number(sm[1]) * 100 + Number((sm[2] ?? '').padEnd(2, '0')) : 0;
    if (sm && amountFen <= 0) problems.push('summary 须大于 0');
    if (problems.length > 0) return answerReply(res, 'barcode', billNum || null, business(`参数错误: ${problems.join('; ')}`, billNum), delay);

    // Faults first (the dice decide whether the payment was processed before the fault).
    const fault = drawFault(faults.barCode, random);
    const processed =
      fault === null || fault === 'slow'
        ? true
        : faults.barCodeFaultProcessed === 'always'
          ? true
          : faults.barCodeFaultProcessed === 'never'
            ? false
            : random() < 0.5;
    const extraDelay = fault === 'slow' ? faults.barCode.slowMs : 0;

    // A repeated billNum never charges twice: answer the existing payment's state.
    const existing = payments.get(billNum);
    if (existing) {
      if (existing.amountFen !== amountFen) {
        const r = business(`OUT_TRADE_NO_USED: 商户订单号重复（金额不一致）`, billNum, { autoid: existing.autoid });
        if (fault && fault !== 'slow') return answerFault(req, res, 'barcode', billNum, fault, delay);
        return answerReply(res, 'barcode', billNum, r, delay + extraDelay);
      }
      if (fault && fault !== 'slow') return answerFault(req, res, 'barcode', billNum, fault, delay);
      return answerReply(res, 'barcode', billNum, replyOf(existing), delay + extraDelay);
    }

    // A payment code pays once.
    const usedBy = codesUsed.get(barCode);
    if (singleUse && usedBy !== undefined && usedBy !== billNum) {
      totals.reusedCodeRejections += 1;
      if (fault && fault !== 'slow') return answerFault(req, res, 'barcode', billNum, fault, delay);
      return answerReply(res, 'barcode', billNum, business('AUTHCODEEXPIRE: 每个付款码仅限使用一次，请刷新后重新付款', billNum, { paystatus: 'PAYERROR' }), delay + extraDelay);
    }

    const scenario = chooseScenario(billNum, barCode);
    const p = createPayment(
      { billNum, barCode, amountFen, summary: summaryRaw, businessType, operatorNo, cardNo: cardNo || null },
      scenario,
      processed,
    );
    log('sandbox.barcode', { billNum, barCode: maskBarCode(barCode), amountFen, scenario: scenario.kind, processed: p !== null, fault });
    if (fault && fault !== 'slow') return answerFault(req, res, 'barcode', billNum, fault, delay);

    switch (scenario.kind) {
      case 'hang':
        return hold(res, 'barcode', billNum);
      case 'http-500':
        return later(res, 'barcode', billNum, delay + extraDelay, () => {
          sendText(res, 500, '<html><body><h1>Server Error in \'/\' Application.</h1><p>Object reference not set to an instance of an object.</p></body></html>');
          events.emit('answered', { op: 'barcode', billNum, status: 500 });
        });
      case 'reset':
        return answerFault(req, res, 'barcode', billNum, 'reset', delay + extraDelay);
      case 'malformed':
        return later(res, 'barcode', billNum, delay + extraDelay, () => {
          sendText(res, 200, '{"errcode":0,"errmsg":"支付成功","tag":{"billnum":"' + billNum + '","paystat', 'application/json; charset=utf-8');
          events.emit('answered', { op: 'barcode', billNum, status: 200 });
        });
      case 'slow':
        return answerReply(res, 'barcode', billNum, replyOf(p!), delay + extraDelay + scenario.seconds * 1000);
      case 'business-error':
        return answerReply(res, 'barcode', billNum, business('SYSTEMERROR: 系统超时，请稍后查询支付结果', billNum, { autoid: p!.autoid }), delay + extraDelay);
      case 'declined': {
        const d = DECLINES[scenario.why];
        return answerReply(
          res,
          'barcode',
          billNum,
          business(d.errmsg, billNum, { autoid: p!.autoid, billstatus: BILLSTATUS.PAYERROR, paystatus: 'PAYERROR', paystatusdesc: d.desc }),
          delay + extraDelay,
        );
      }
      case 'paid':
      case 'password':
      case 'payer-cancels':
        return answerReply(res, 'barcode', billNum, replyOf(p!), delay + extraDelay);
    }
  }

  function handleQuery(req: IncomingMessage, res: ServerResponse, raw: string): void {
    let body: Record<string, unknown> = {};
    try {
      const v: unknown = JSON.parse(raw.replace(/^\uFEFF/, ''));
      if (v && typeof v === 'object' && !Array.isArray(v)) body = v as Record<string, unknown>;
    } catch {
      /* handled below as a missing billnum */
    }
    const billNum = asText(pick(body, 'billnum')).trim();
    countRequest('query', billNum || null);
    events.emit('request', { op: 'query', billNum: billNum || null });
    const delay = faults.networkDelayMs;
    const fault = drawFault(faults.query, random);
    if (fault && fault !== 'slow') return answerFault(req, res, 'query', billNum || null, fault, delay);
    const extra = fault === 'slow' ? faults.query.slowMs : 0;
    if (!billNum) return answerReply(res, 'query', null, business('参数错误: billnum 必填'), delay + extra);
    const p = payments.get(billNum);
    if (!p) return answerReply(res, 'query', billNum, business('ORDERNOTEXIST: 订单不存在', billNum), delay + extra);
    return answerReply(res, 'query', billNum, replyOf(p), delay + extra);
  }

  // ---------------------------------------------------------------------------------------
  // Control
  // ---------------------------------------------------------------------------------------

  function setScenario(scenario: Scenario | null, target: ScenarioTarget = {}): void {
    if (scenario !== null) ScenarioSchema.parse(scenario);
    if (target.billNum) {
      if (scenario === null) billScenario.delete(target.billNum);
      else billScenario.set(target.billNum, scenario);
      return;
    }
    globalScenario = scenario === null ? null : { scenario, remaining: target.times ?? Number.POSITIVE_INFINITY };
  }

  function setFaults(input: FaultsInput): void {
    faults = FaultsSchema.parse(input);
    if (faults.seed !== undefined) random = seededRandom(faults.seed);
  }

  function reset(): void {
    payments.clear();
    codesUsed.clear();
    perBill.clear();
    billScenario.clear();
    globalScenario = null;
    totals = { barCode: 0, query: 0, reusedCodeRejections: 0 };
    faults = FaultsSchema.parse({});
    random = options.random ?? Math.random;
  }

  function ledger(): LedgerSummary {
    const list: LedgerEntry[] = [];
    for (const p of payments.values()) {
      materialize(p);
      list.push({
        billNum: p.billNum,
        autoid: p.autoid,
        barCodeMasked: maskBarCode(p.barCode),
        amountFen: p.amountFen,
        summary: p.summary,
        businessType: p.businessType,
        operatorNo: p.operatorNo,
        cardNo: p.cardNo,
        scenario: p.scenario,
        createdAt: p.createdAt,
        paystatus: p.status,
        chargeCount: p.chargeCount,
        chargedAt: p.chargedAt,
        barCodeRequests: p.barCodeRequests,
        queryRequests: p.queryRequests,
      });
    }
    const charged = list.filter((e) => e.chargeCount > 0);
    return {
      payments: list,
      totals: {
        payments: list.length,
        charged: charged.length,
        chargedFen: charged.reduce((s, e) => s + e.amountFen * e.chargeCount, 0),
        doubleCharged: list.filter((e) => e.chargeCount > 1).map((e) => e.billNum),
        reusedCodeRejections: totals.reusedCodeRejections,
      },
    };
  }

  function stats(): SandboxStats {
    return { barCodeRequests: totals.barCode, queryRequests: totals.query, perBill: Object.fromEntries(perBill) };
  }

  async function handleControl(path: string, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    if (req.method === 'GET' && path === '/__control/ledger') return sendJson(res, 200, ledger());
    if (req.method === 'GET' && path === '/__control/stats') return sendJson(res, 200, stats());
    if (req.method === 'POST' && path === '/__control/reset') {
      reset();
      return sendJson(res, 200, { ok: true });
    }
    let body: unknown;
    try {
      body = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { ok: false, error: 'body is not JSON' });
    }
    if (req.method === 'POST' && path === '/__control/scenario') {
      const parsed = ScenarioControlSchema.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
      let scenario: Scenario | null;
      if (typeof parsed.data.scenario === 'string') {
        // Flat form: { scenario: 'password', seconds: 5, billNum?, times? }
        const { scenario: kind, billNum: _b, times: _t, ...rest } = body as Record<string, unknown>;
        const s = ScenarioSchema.safeParse({ kind, ...rest });
        if (!s.success) return sendJson(res, 400, { ok: false, error: z.prettifyError(s.error) });
        scenario = s.data;
      } else scenario = parsed.data.scenario;
      const target: ScenarioTarget = {};
      if (parsed.data.billNum) target.billNum = parsed.data.billNum;
      if (parsed.data.times) target.times = parsed.data.times;
      setScenario(scenario, target);
      return sendJson(res, 200, { ok: true, scenario, ...target });
    }
    if (req.method === 'POST' && path === '/__control/faults') {
      const parsed = FaultsSchema.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
      setFaults(parsed.data);
      return sendJson(res, 200, { ok: true, faults });
    }
    return sendJson(res, 404, { ok: false, error: `no control endpoint ${req.method} ${path}` });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://sandbox').pathname.replace(/\/+$/, '').toLowerCase() || '/';
      if (tooBig) return sendText(res, 413, 'payload too large', 'text/plain');
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { ok: true, name: 'koudailq-sandbox', now: clock.now() });
        if (path.startsWith('/__control/')) {
          void handleControl(path, req, res, raw).catch((e: unknown) => sendJson(res, 500, { ok: false, error: String(e) }));
          return;
        }
        if (path === '/api/3pay/koudailq/barcode') {
          if (req.method !== 'POST') return sendText(res, 405, 'method not allowed', 'text/plain');
          return handleBarCode(req, res, raw);
        }
        if (path === '/api/3pay/koudailq/query') {
          if (req.method !== 'POST') return sendText(res, 405, 'method not allowed', 'text/plain');
          return handleQuery(req, res, raw);
        }
        return sendText(res, 404, 'not found', 'text/plain');
      } catch (e) {
        log('sandbox.error', { error: String(e) });
        return sendText(res, 500, 'sandbox error', 'text/plain');
      }
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/`,
    port,
    clock,
    events,
    setScenario,
    setFaults,
    reset,
    ledger,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) t.cancel();
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
