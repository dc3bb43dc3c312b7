/**
 * The sandbox's BarCode and Query endpoints as the scenarios play them: read the body the way the
 * client sends it, validate it with the seed's limits, roll the fault dice, keep the ledger, and
 * decide the answer (a reply, a fault, a held request or a raw body). Writing it to the socket is
 * the HTTP plumbing's job (http.ts).
 */
import { LIMITS, maskBarCode } from '../../app/payment/gateway-schema.js';
import { BILLSTATUS, business, DECLINES, type Reply, type SandboxLedger } from './ledger.js';
import type { FaultConfig } from './scenarios.js';
import type { SandboxOp } from './types.js';

export type FaultKind = 'reset' | 'http-5xx' | 'drop';

/** What to answer, and after how long on the sandbox clock. */
export type Answer =
  | { kind: 'reply'; reply: Reply; delayMs: number }
  | { kind: 'fault'; fault: FaultKind; delayMs: number }
  /** Write nothing: the client times out and closes. */
  | { kind: 'hold' }
  | { kind: 'raw'; status: number; text: string; contentType?: string; delayMs: number };

export interface Answered {
  op: SandboxOp;
  billNum: string | null;
  answer: Answer;
}

export interface EndpointDeps {
  ledger: SandboxLedger;
  /** A payment code pays once: a second billNum with the same code is declined. */
  singleUse: boolean;
  /** Called as soon as the request's billNum is known (counters, the `request` event). */
  onRequest: (op: SandboxOp, billNum: string | null) => void;
  log: (event: string, fields: Record<string, unknown>) => void;
}

function pick(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function asText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function drawFault(cfg: FaultConfig, random: () => number): FaultKind | 'slow' | null {
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

/** The body as a JSON object (a BOM allowed), or null when it is not JSON. */
function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw.replace(/^\uFEFF/, ''));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return null;
  }
}

export function createEndpoints(deps: EndpointDeps): { barCode(raw: string): Answered; query(raw: string): Answered } {
  const { ledger, singleUse, onRequest, log } = deps;
  const random = () => ledger.random();

  function barCode(raw: string): Answered {
    const reply = (billNum: string | null, r: Reply, delayMs: number): Answered => ({
      op: 'barcode',
      billNum,
      answer: { kind: 'reply', reply: r, delayMs },
    });
    const faulted = (billNum: string, fault: FaultKind, delayMs: number): Answered => ({
      op: 'barcode',
      billNum,
      answer: { kind: 'fault', fault, delayMs },
    });
    const faults = ledger.faults();
    const body = parseObject(raw);
    if (body === null) {
      onRequest('barcode', null);
      return reply(null, business('参数错误: 请求体不是 JSON'), faults.networkDelayMs);
    }
    const billNum = asText(pick(body, 'billNum')).trim();
    onRequest('barcode', billNum || null);
    const delay = faults.networkDelayMs;

    // Validation, as the seed's limits say.
    const barCode = asText(pick(body, 'barCode')).trim();
    const operatorNo = asText(pick(body, 'operatorNo')).trim();
    const cardNo = asText(pick(body, 'cardNo')).trim();
    const businessType = Number(pick(body, 'BusinessType'));
    const summaryRaw = /"summary"\s*:\s*"?([^,"}\s]+)"?/i.exec(raw)?.[1] ?? '';
    const sm = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(summaryRaw);
    const problems: string[] = [];
    if (!billNum || billNum.length > LIMITS.billNum) problems.push(`billNum 必填且不超过 ${LIMITS.billNum} 位`);
    if (!operatorNo || operatorNo.length > LIMITS.operatorNo)
      problems.push(`operatorNo 必填且不超过 ${LIMITS.operatorNo} 位`);
    if (!barCode || barCode.length > LIMITS.barCode) problems.push(`barCode 必填且不超过 ${LIMITS.barCode} 位`);
    if (cardNo.length > LIMITS.cardNo) problems.push(`cardNo 不超过 ${LIMITS.cardNo} 位`);
    if (!Number.isInteger(businessType) || businessType < 1 || businessType > 7) problems.push('BusinessType 须为 1–7');
    if (businessType === LIMITS.rechargeBusinessType && !cardNo) problems.push('储值卡充值须提供 cardNo');
    if (!sm) problems.push('summary 须为最多两位小数的金额');
    const amountFen = sm ? Number(sm[1]) * 100 + Number((sm[2] ?? '').padEnd(2, '0')) : 0;
    if (sm && amountFen <= 0) problems.push('summary 须大于 0');
    if (problems.length > 0)
      return reply(billNum || null, business(`参数错误: ${problems.join('; ')}`, billNum), delay);

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
    const existing = ledger.get(billNum);
    if (existing) {
      if (existing.amountFen !== amountFen) {
        const r = business(`OUT_TRADE_NO_USED: 商户订单号重复（金额不一致）`, billNum, { autoid: existing.autoid });
        if (fault && fault !== 'slow') return faulted(billNum, fault, delay);
        return reply(billNum, r, delay + extraDelay);
      }
      if (fault && fault !== 'slow') return faulted(billNum, fault, delay);
      return reply(billNum, ledger.replyOf(existing), delay + extraDelay);
    }

    // A payment code pays once.
    const usedBy = ledger.codeUsedBy(barCode);
    if (singleUse && usedBy !== undefined && usedBy !== billNum) {
      ledger.noteReusedCode();
      if (fault && fault !== 'slow') return faulted(billNum, fault, delay);
      return reply(
        billNum,
        business('AUTHCODEEXPIRE: 每个付款码仅限使用一次，请刷新后重新付款', billNum, { paystatus: 'PAYERROR' }),
        delay + extraDelay,
      );
    }

    const scenario = ledger.chooseScenario(billNum, barCode);
    const p = ledger.createPayment(
      { billNum, barCode, amountFen, summary: summaryRaw, businessType, operatorNo, cardNo: cardNo || null },
      scenario,
      processed,
    );
    log('sandbox.barcode', {
      billNum,
      barCode: maskBarCode(barCode),
      amountFen,
      scenario: scenario.kind,
      processed: p !== null,
      fault,
    });
    if (fault && fault !== 'slow') return faulted(billNum, fault, delay);

    const wait = delay + extraDelay;
    switch (scenario.kind) {
      case 'hang':
        return { op: 'barcode', billNum, answer: { kind: 'hold' } };
      case 'http-500':
        return {
          op: 'barcode',
          billNum,
          answer: {
            kind: 'raw',
            status: 500,
            text: "<html><body><h1>Server Error in '/' Application.</h1><p>Object reference not set to an instance of an object.</p></body></html>",
            delayMs: wait,
          },
        };
      case 'reset':
        return faulted(billNum, 'reset', wait);
      case 'malformed':
        return {
          op: 'barcode',
          billNum,
          answer: {
            kind: 'raw',
            status: 200,
            text: '{"errcode":0,"errmsg":"支付成功","tag":{"billnum":"' + billNum + '","paystat',
            contentType: 'application/json; charset=utf-8',
            delayMs: wait,
          },
        };
      case 'slow':
        return reply(billNum, ledger.replyOf(p!), wait + scenario.seconds * 1000);
      case 'business-error':
        return reply(
          billNum,
          business('SYSTEMERROR: 系统超时，请稍后查询支付结果', billNum, { autoid: p!.autoid }),
          wait,
        );
      case 'declined': {
        const d = DECLINES[scenario.why];
        return reply(
          billNum,
          business(d.errmsg, billNum, {
            autoid: p!.autoid,
            billstatus: BILLSTATUS.PAYERROR,
            paystatus: 'PAYERROR',
            paystatusdesc: d.desc,
          }),
          wait,
        );
      }
      case 'paid':
      case 'password':
      case 'payer-cancels':
        return reply(billNum, ledger.replyOf(p!), wait);
    }
  }

  function query(raw: string): Answered {
    // Not JSON: handled below as a missing billnum.
    const body = parseObject(raw) ?? {};
    const billNum = asText(pick(body, 'billnum')).trim();
    onRequest('query', billNum || null);
    const faults = ledger.faults();
    const delay = faults.networkDelayMs;
    const fault = drawFault(faults.query, random);
    if (fault && fault !== 'slow')
      return { op: 'query', billNum: billNum || null, answer: { kind: 'fault', fault, delayMs: delay } };
    const extra = fault === 'slow' ? faults.query.slowMs : 0;
    const reply = (b: string | null, r: Reply): Answered => ({
      op: 'query',
      billNum: b,
      answer: { kind: 'reply', reply: r, delayMs: delay + extra },
    });
    if (!billNum) return reply(null, business('参数错误: billnum 必填'));
    const p = ledger.get(billNum);
    if (!p) return reply(billNum, business('ORDERNOTEXIST: 订单不存在', billNum));
    return reply(billNum, ledger.replyOf(p));
  }

  return { barCode, query };
}
