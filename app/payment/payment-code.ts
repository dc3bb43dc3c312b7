import { normaliseScanText, walletOfCode, type Wallet } from '../scan/classify.js';
import type { RequestViolation } from './gateway-schema.js';

/**
 * Is this a payment code a wallet issues? Checked by the payment engine BEFORE anything is
 * written or sent (issue 11 item 15: "12" typed at 请扫描付款码 was charged by the sandbox).
 *
 * The rule is the scan classifier's table (app/scan/classify.ts WALLET_CODE_RULES): digits only;
 * WeChat 18 digits starting 10–15; Alipay 16–24 digits starting 25–30; UnionPay 19 digits
 * starting 62 — plus the deployment's own patterns (config `payment.extraCodePatterns`, full
 * match, digits only). The text is normalised as a scan is (edges trimmed, AIM id stripped,
 * full-width digits folded), so a code typed through an IME is the same code.
 */

export type PaymentCodeCheck =
  { ok: true; code: string; wallet: Wallet | 'configured' } | { ok: false; error: RequestViolation };

export const PAYMENT_CODE_LIMIT =
  'digits only: WeChat 18 starting 10–15, Alipay 16–24 starting 25–30, UnionPay 19 starting 62';

/** Compile configured patterns (full match). Throws on an invalid one, naming its index. */
export function compileCodePatterns(sources: readonly string[]): RegExp[] {
  return sources.map((src, i) => {
    try {
      return new RegExp(`^(?:${src})$`);
    } catch (e) {
      throw new SyntaxError(
        `payment.extraCodePatterns.${i}: not a valid regular expression (${(e as Error).message})`,
        { cause: e },
      );
    }
  });
}

export function checkPaymentCode(raw: unknown, extraPatterns: readonly RegExp[] = []): PaymentCodeCheck {
  const text = typeof raw === 'string' ? normaliseScanText(raw).text : '';
  const digitsOnly = /^[0-9]+$/.test(text);
  const wallet = digitsOnly ? walletOfCode(text) : null;
  if (wallet) return { ok: true, code: text, wallet };
  if (digitsOnly && extraPatterns.some((re) => re.test(text))) return { ok: true, code: text, wallet: 'configured' };
  return {
    ok: false,
    error: {
      code: 'payment-code-invalid',
      message: `barCode: not a payment code a wallet issues (${PAYMENT_CODE_LIMIT}); got ${text.length} character(s)${digitsOnly || text === '' ? '' : ', not all digits'}`,
      details: { field: 'barCode', limit: PAYMENT_CODE_LIMIT, actual: text.length },
    },
  };
}
