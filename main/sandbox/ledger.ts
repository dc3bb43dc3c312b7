/**
 * The sandbox gateway's books: payments keyed by billNum (a repeated billNum never charges twice),
 * which payment code was used by which billNum, request counters, the scenario each new payment
 * plays (forced for one billNum, for the next N payments, or chosen by the scanned code) and the
 * fault dice. Pure state on the sandbox clock: no HTTP here.
 */
import { maskBarCode } from '../../app/payment/gateway-schema.js';
import { seededRandom, type SandboxClock } from './clock.js';
import {
  FaultsSchema,
  ScenarioSchema,
  scenarioForCode,
  type Faults,
  type FaultsInput,
  type Scenario,
} from './scenarios.js';
import type { LedgerEntry, LedgerSummary, PayStatus, SandboxOp, SandboxStats, ScenarioTarget } from './types.js';
import { compileCodePatterns } from '../../app/payment/payment-code.js';

/** A payment as the sandbox keeps it: the ledger entry with the full code and its pending resolution. */
export interface Payment extends Omit<LedgerEntry, 'barCodeMasked' | 'paystatus'> {
  barCode: string;
  status: PayStatus;
  statusDesc: string;
  resolveAt: number | null;
  resolveTo: PayStatus | null;
  resolveDesc: string;
}

export interface Reply {
  errcode: number;
  errmsg: string;
  tag: { billnum: string; autoid: string; billstatus: string; paystatus: string; paystatusdesc: string };
}

export type NewPayment = Pick<
  Payment,
  'billNum' | 'barCode' | 'amountFen' | 'summary' | 'businessType' | 'operatorNo' | 'cardNo'
>;

export const DECLINES: Record<'balance' | 'expired' | 'invalid' | 'account', { errmsg: string; desc: string }> = {
  balance: { errmsg: 'NOTENOUGH: 用户余额不足，请更换付款方式', desc: '余额不足' },
  expired: { errmsg: 'AUTHCODEEXPIRE: 付款码已过期，请刷新后重新付款', desc: '付款码已过期' },
  invalid: { errmsg: 'AUTH_CODE_INVALID: 付款码无效，请重新扫码', desc: '付款码无效' },
  account: { errmsg: 'PAYER_ACCOUNT_ABNORMAL: 用户账户异常，请更换付款方式', desc: '账户异常' },
};

export const BILLSTATUS: Record<PayStatus, string> = { USERPAYING: '0', SUCCESS: '1', PAYERROR: '2' };
const STATUS_TEXT: Record<PayStatus, string> = {
  USERPAYING: '用户支付中，需要输入密码',
  SUCCESS: '支付成功',
  PAYERROR: '支付失败',
};

/** A business answer (errcode 1) with the given message and tag fields. */
export function business(errmsg: string, billNum = '', extra: Partial<Reply['tag']> = {}): Reply {
  return {
    errcode: 1,
    errmsg,
    tag: { billnum: billNum, autoid: '', billstatus: '', paystatus: '', paystatusdesc: '', ...extra },
  };
}

export interface SandboxLedger {
  /** The fault settings in force and the dice. */
  faults(): Faults;
  random(): number;
  get(billNum: string): Payment | undefined;
  /** The billNum that already used this payment code, if any. */
  codeUsedBy(barCode: string): string | undefined;
  noteReusedCode(): void;
  countRequest(op: SandboxOp, billNum: string | null): void;
  chooseScenario(billNum: string, barCode: string): Scenario;
  /** Create the payment for a new billNum following its scenario. Returns null when nothing was recorded. */
  createPayment(req: NewPayment, scenario: Scenario, processed: boolean): Payment | null;
  /** The payment's answer as of now (a pending resolution that is due happens first). */
  replyOf(p: Payment): Reply;
  setScenario(scenario: Scenario | null, target?: ScenarioTarget): void;
  setFaults(input: FaultsInput): void;
  reset(): void;
  ledger(): LedgerSummary;
  stats(): SandboxStats;
}

export function createSandboxLedger(opts: {
  clock: SandboxClock;
  random?: () => number;
  faults?: FaultsInput;
  extraCodePatterns?: readonly string[];
}): SandboxLedger {
  const { clock } = opts;
  const extraPatterns = compileCodePatterns(opts.extraCodePatterns ?? []);
  let faults: Faults = FaultsSchema.parse(opts.faults ?? {});
  let random = opts.random ?? (faults.seed !== undefined ? seededRandom(faults.seed) : Math.random);
  const payments = new Map<string, Payment>();
  const codesUsed = new Map<string, string>(); // barCode → billNum
  const perBill = new Map<string, { barCode: number; query: number }>();
  let totals = { barCode: 0, query: 0, reusedCodeRejections: 0 };
  let autoSeq = 0;
  let globalScenario: { scenario: Scenario; remaining: number } | null = null;
  const billScenario = new Map<string, Scenario>();

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

  return {
    faults: () => faults,
    random: () => random(),
    get: (billNum) => payments.get(billNum),
    codeUsedBy: (barCode) => codesUsed.get(barCode),
    noteReusedCode() {
      totals.reusedCodeRejections += 1;
    },

    countRequest(op, billNum) {
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
    },

    chooseScenario(billNum, barCode) {
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
    },

    createPayment(req, scenario, processed) {
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
    },

    replyOf(p) {
      materialize(p);
      return {
        errcode: 0,
        errmsg: STATUS_TEXT[p.status],
        tag: {
          billnum: p.billNum,
          autoid: p.autoid,
          billstatus: BILLSTATUS[p.status],
          paystatus: p.status,
          paystatusdesc: p.statusDesc,
        },
      };
    },

    setScenario(scenario, target = {}) {
      if (scenario !== null) ScenarioSchema.parse(scenario);
      if (target.billNum) {
        if (scenario === null) billScenario.delete(target.billNum);
        else billScenario.set(target.billNum, scenario);
        return;
      }
      globalScenario = scenario === null ? null : { scenario, remaining: target.times ?? Number.POSITIVE_INFINITY };
    },

    setFaults(input) {
      faults = FaultsSchema.parse(input);
      if (faults.seed !== undefined) random = seededRandom(faults.seed);
    },

    reset() {
      payments.clear();
      codesUsed.clear();
      perBill.clear();
      billScenario.clear();
      globalScenario = null;
      totals = { barCode: 0, query: 0, reusedCodeRejections: 0 };
      faults = FaultsSchema.parse({});
      random = opts.random ?? Math.random;
    },

    ledger() {
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
    },

    stats() {
      return { barCodeRequests: totals.barCode, queryRequests: totals.query, perBill: Object.fromEntries(perBill) };
    },
  };
}
