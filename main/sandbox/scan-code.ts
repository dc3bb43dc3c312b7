/**
 * The sandbox's ScanCode endpoint (the payer scans the counter's QR) and its control calls.
 * A QR payment is kept in the same ledger as a scanned one (keyed by billNum, `USERPAYING` until
 * the payer pays), so the same Query endpoint confirms it. What a new QR does is chosen by
 * `POST /__control/qr` (for one billNum or the next QRs) or by the amount's last two fen digits:
 *   .97 → paid 5 s after it was issued;  .98 → expires after 10 s (PAYERROR 二维码已过期);
 *   anything else → waits for the payer (never paid) until `POST /__control/qr/pay`.
 * `POST /__control/qr/pay { billNum? }` pays a waiting QR as a payer scanning it would (the newest
 * waiting one when no billNum is given).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { LIMITS } from '../../app/payment/gateway-schema.js';
import { QR_PAY_TYPES, type QrPayType } from '../../app/payment/scan-code.js';
import type { SandboxClock } from './clock.js';
import type { Answered } from './endpoints.js';
import { sendJson } from './http.js';
import { business, type SandboxLedger } from './ledger.js';

export const QrScenarioSchema = z.discriminatedUnion('kind', [
  /** The payer scans and pays `seconds` after the QR was issued. */
  z.object({ kind: z.literal('qr-paid'), seconds: z.number().min(0).max(3600) }),
  /** The QR times out after `seconds`: queries answer PAYERROR 二维码已过期 (nothing charged). */
  z.object({ kind: z.literal('qr-expired'), seconds: z.number().min(0).max(3600) }),
  /** Nobody pays: USERPAYING until /__control/qr/pay. */
  z.object({ kind: z.literal('qr-never') }),
]);
export type QrScenario = z.infer<typeof QrScenarioSchema>;

const QrControlSchema = z.object({
  scenario: QrScenarioSchema.nullable(),
  billNum: z.string().min(1).max(LIMITS.billNum).optional(),
});
const QrPaySchema = z.object({ billNum: z.string().min(1).max(LIMITS.billNum).optional() });

const QR_PREFIX: Record<QrPayType, string> = {
  wxPubQR: 'weixin://wxpay/bizpayurl?pr=sbx',
  alipayQR: 'https://qr.alipay.com/sbx',
  unionpayDynamic: 'https://qr.95516.com/sbx',
  dynamicPay: 'https://pay.sandbox.counterpay.test/qr/sbx',
};

/** The scenario of a QR with no override, from the amount's last two fen digits. */
export function qrScenarioForAmount(amountFen: number): QrScenario {
  const cents = amountFen % 100;
  if (cents === 97) return { kind: 'qr-paid', seconds: 5 };
  if (cents === 98) return { kind: 'qr-expired', seconds: 10 };
  return { kind: 'qr-never' };
}

function pick(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export interface SandboxScanCode {
  scanCode(raw: string): Answered;
  /** Handles /__control/qr and /__control/qr/pay; false for any other path. */
  control(path: string, req: IncomingMessage, res: ServerResponse, raw: string): boolean;
  /** Pay a waiting QR now (tests in process). Returns the billNum paid, or null. */
  pay(billNum?: string): string | null;
}

export function createSandboxScanCode(deps: {
  ledger: SandboxLedger;
  clock: SandboxClock;
  onRequest: (billNum: string | null) => void;
  log: (event: string, fields: Record<string, unknown>) => void;
}): SandboxScanCode {
  const { ledger, clock, onRequest, log } = deps;
  const forBill = new Map<string, QrScenario>();
  let next: QrScenario | null = null;
  const waiting: string[] = [];

  function answer(billNum: string | null, text: string): Answered {
    return {
      op: 'barcode',
      billNum,
      answer: {
        kind: 'raw',
        status: 200,
        text,
        contentType: 'application/json; charset=utf-8',
        delayMs: ledger.faults().networkDelayMs,
      },
    };
  }

  function scanCode(raw: string): Answered {
    let body: Record<string, unknown> = {};
    try {
      const v: unknown = JSON.parse(raw.replace(/^\uFEFF/, ''));
      if (v && typeof v === 'object' && !Array.isArray(v)) body = v as Record<string, unknown>;
    } catch {
      /* validated below */
    }
    const billNum = String(pick(body, 'billNum') ?? '').trim();
    onRequest(billNum || null);
    const payTypeCode = String(pick(body, 'payTypeCode') ?? '');
    const operatorNo = String(pick(body, 'operatorNo') ?? '').trim();
    const businessType = Number(pick(body, 'BusinessType'));
    const summaryRaw = /"summary"\s*:\s*"?([^,"}\s]+)"?/i.exec(raw)?.[1] ?? '';
    const sm = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(summaryRaw);
    const amountFen = sm ? Number(sm[1]) * 100 + Number((sm[2] ?? '').padEnd(2, '0')) : 0;
    const problems: string[] = [];
    if (!billNum || billNum.length > LIMITS.billNum) problems.push(`billNum 必填且不超过 ${LIMITS.billNum} 位`);
    if (!operatorNo || operatorNo.length > LIMITS.operatorNo)
      problems.push(`operatorNo 必填且不超过 ${LIMITS.operatorNo} 位`);
    if (!(QR_PAY_TYPES as readonly string[]).includes(payTypeCode))
      problems.push(`payTypeCode 须为 ${QR_PAY_TYPES.join('/')}`);
    if (String(pick(body, 'tradeFrom') ?? '') !== '1') problems.push('tradeFrom 须为 "1"');
    if (!Number.isInteger(businessType) || businessType < 1 || businessType > 7) problems.push('BusinessType 须为 1–7');
    if (amountFen <= 0) problems.push('summary 须为大于 0、最多两位小数的金额');
    if (problems.length > 0)
      return answer(billNum || null, JSON.stringify(business(`参数错误: ${problems.join('; ')}`, billNum)));

    let p = ledger.get(billNum);
    if (!p) {
      const scenario = forBill.get(billNum) ?? next ?? qrScenarioForAmount(amountFen);
      forBill.delete(billNum);
      // Played as the scanned-code scenarios: USERPAYING, then SUCCESS / PAYERROR after `seconds`.
      const played =
        scenario.kind === 'qr-paid'
          ? { kind: 'password' as const, seconds: scenario.seconds }
          : { kind: 'payer-cancels' as const, seconds: scenario.kind === 'qr-expired' ? scenario.seconds : 3600 };
      p = ledger.createPayment(
        {
          billNum,
          barCode: `QR${billNum}`.slice(0, LIMITS.barCode),
          amountFen,
          summary: summaryRaw,
          businessType,
          operatorNo,
          cardNo: String(pick(body, 'cardNo') ?? '') || null,
        },
        played,
        true,
      )!;
      if (p.status === 'USERPAYING') p.statusDesc = '等待用户扫码';
      else if (scenario.kind === 'qr-expired') p.statusDesc = '二维码已过期';
      if (scenario.kind === 'qr-expired') p.resolveDesc = '二维码已过期';
      if (scenario.kind === 'qr-never') {
        p.resolveAt = null;
        p.resolveTo = null;
      }
      waiting.push(billNum);
      log('sandbox.scancode', { billNum, amountFen, payTypeCode, scenario: scenario.kind });
    }
    const qrcode = `${QR_PREFIX[payTypeCode as QrPayType]}${p.autoid}x${billNum}`;
    return answer(
      billNum,
      JSON.stringify({
        errcode: 0,
        errmsg: '下单成功，请用户扫码支付',
        tag: {
          billnum: billNum,
          autoid: p.autoid,
          billstatus: '0',
          paystatus: 'NOTPAY',
          paystatusdesc: '等待用户扫码',
          qrcode,
        },
      }),
    );
  }

  function pay(billNum?: string): string | null {
    const target = billNum ?? [...waiting].reverse().find((b) => ledger.get(b)?.status === 'USERPAYING');
    const p = target ? ledger.get(target) : undefined;
    if (!p) return null;
    ledger.replyOf(p); // bring it up to date first (an expired QR cannot be paid)
    if (p.status !== 'USERPAYING') return null;
    p.status = 'SUCCESS';
    p.statusDesc = '支付成功';
    p.chargeCount += 1;
    p.chargedAt ??= clock.now();
    p.resolveAt = null;
    p.resolveTo = null;
    return p.billNum;
  }

  function control(path: string, req: IncomingMessage, res: ServerResponse, raw: string): boolean {
    if (req.method !== 'POST' || (path !== '/__control/qr' && path !== '/__control/qr/pay')) return false;
    let body: unknown;
    try {
      body = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      sendJson(res, 400, { ok: false, error: 'body is not JSON' });
      return true;
    }
    if (path === '/__control/qr/pay') {
      const parsed = QrPaySchema.safeParse(body);
      if (!parsed.success) sendJson(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
      else {
        const paid = pay(parsed.data.billNum);
        sendJson(
          res,
          paid ? 200 : 409,
          paid ? { ok: true, billNum: paid } : { ok: false, error: 'no waiting QR to pay' },
        );
      }
      return true;
    }
    const parsed = QrControlSchema.safeParse(body);
    if (!parsed.success) {
      sendJson(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
      return true;
    }
    const { scenario, billNum } = parsed.data;
    if (billNum) {
      if (scenario) forBill.set(billNum, scenario);
      else forBill.delete(billNum);
    } else next = scenario;
    sendJson(res, 200, { ok: true, scenario, ...(billNum ? { billNum } : {}) });
    return true;
  }

  return { scanCode, control, pay };
}
