import { z } from 'zod';
import { walletOfCode } from '../../app/scan/classify.js';

/**
 * What the sandbox gateway does with a payment. Chosen by the scanned code (see README.md) or,
 * for tests, through `setScenario` / `POST /__control/scenario`.
 */
export const ScenarioSchema = z.discriminatedUnion('kind', [
  /** Paid at once: BarCode answers errcode 0 / SUCCESS. */
  z.object({ kind: z.literal('paid') }),
  /** The payer types a password: BarCode answers USERPAYING; queries see SUCCESS after `seconds`. */
  z.object({ kind: z.literal('password'), seconds: z.number().min(0).max(3600) }),
  /** Declined at once, nothing charged. */
  z.object({ kind: z.literal('declined'), why: z.enum(['balance', 'expired', 'invalid', 'account']) }),
  /** USERPAYING, then the payer cancels after `seconds`: queries see PAYERROR. */
  z.object({ kind: z.literal('payer-cancels'), seconds: z.number().min(0).max(3600) }),
  /**
   * BarCode is never answered (held until the client gives up). The payment is still processed:
   * USERPAYING, SUCCESS after `seconds` (visible to Query).
   */
  z.object({ kind: z.literal('hang'), seconds: z.number().min(0).max(3600) }),
  /** BarCode answers HTTP 500. `charged`: the payment was processed (SUCCESS) before the error. */
  z.object({ kind: z.literal('http-500'), charged: z.boolean() }),
  /** BarCode answers after `seconds` (then paid). */
  z.object({ kind: z.literal('slow'), seconds: z.number().min(0).max(3600) }),
  /** The connection is reset after the request is read. `charged` as for http-500. */
  z.object({ kind: z.literal('reset'), charged: z.boolean() }),
  /** HTTP 200 with a body that is not a reply. The payment was processed (SUCCESS). */
  z.object({ kind: z.literal('malformed') }),
  /** errcode 1 "SYSTEMERROR" on BarCode; the payment really goes through: SUCCESS after `seconds`. */
  z.object({ kind: z.literal('business-error'), seconds: z.number().min(0).max(3600) }),
]);
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Seconds used by the "late success" code: longer than a 60 s cashier deadline. */
export const LATE_SUCCESS_SECONDS = 75;

/**
 * Code scheme: 18 digits, WeChat style: `13` + S (scenario digit) + NN (two-digit parameter) +
 * any 13 digits. Any other code a wallet issues (app/scan/classify.ts WALLET_CODE_RULES: e.g.
 * Alipay 28…, UnionPay 62…), or one matching `extraPatterns`, is paid at once. Anything else
 * ("12", letters, wrong length or prefix) is declined as 付款码无效 (AUTH_CODE_INVALID), as a
 * real wallet platform would: nothing is charged.
 *
 *   S=0 paid at once             S=5 HTTP 500 (NN 00 charged, 01 not charged)
 *   S=1 password, SUCCESS at NN s S=6 slow reply after NN s, paid
 *   S=2 declined (NN 00 balance, 01 expired, 02 invalid, 03 account)
 *   S=3 payer cancels at NN s     S=7 connection reset (NN 00 charged, 01 not charged)
 *   S=4 no reply; SUCCESS at NN s S=8 malformed body, charged
 *                                 S=9 business error SYSTEMERROR, SUCCESS at NN s
 */
export function scenarioForCode(code: string, extraPatterns: readonly RegExp[] = []): Scenario {
  const m = /^13(\d)(\d{2})\d{13}$/.exec(code);
  if (!m) {
    if (walletOfCode(code) !== null || (/^[0-9]+$/.test(code) && extraPatterns.some((re) => re.test(code))))
      return { kind: 'paid' };
    return { kind: 'declined', why: 'invalid' };
  }
  const s = Number(m[1]);
  const n = Number(m[2]);
  switch (s) {
    case 1:
      return { kind: 'password', seconds: n };
    case 2:
      return { kind: 'declined', why: (['balance', 'expired', 'invalid', 'account'] as const)[n] ?? 'balance' };
    case 3:
      return { kind: 'payer-cancels', seconds: n };
    case 4:
      return { kind: 'hang', seconds: n };
    case 5:
      return { kind: 'http-500', charged: n !== 1 };
    case 6:
      return { kind: 'slow', seconds: n };
    case 7:
      return { kind: 'reset', charged: n !== 1 };
    case 8:
      return { kind: 'malformed' };
    case 9:
      return { kind: 'business-error', seconds: n };
    default:
      return { kind: 'paid' };
  }
}

/** Build a code for a scenario digit and parameter (the inverse of scenarioForCode), unique by `serial`. */
export function sandboxCode(s: number, nn = 0, serial = 0): string {
  if (!Number.isInteger(s) || s < 0 || s > 9) throw new RangeError('scenario digit 0–9');
  if (!Number.isInteger(nn) || nn < 0 || nn > 99) throw new RangeError('parameter 00–99');
  const tail = String(Math.abs(Math.trunc(serial)) % 1e13).padStart(13, '0');
  return `13${s}${String(nn).padStart(2, '0')}${tail}`;
}

/** Ready-made codes (documented in README.md). */
export const SANDBOX_CODES = {
  paid: '130000000000000001',
  password5s: '131050000000000001',
  password20s: '131200000000000001',
  declinedBalance: '132000000000000001',
  declinedExpired: '132010000000000001',
  declinedInvalid: '132020000000000001',
  payerCancels10s: '133100000000000001',
  noReplyPaid5s: '134050000000000001',
  http500Charged: '135000000000000001',
  http500NotCharged: '135010000000000001',
  slow3s: '136030000000000001',
  resetCharged: '137000000000000001',
  resetNotCharged: '137010000000000001',
  malformed: '138000000000000001',
  businessError5s: '139050000000000001',
  lateSuccess75s: '131750000000000001',
} as const;

export const FaultConfigSchema = z.object({
  /** Probability the connection is reset instead of answered. */
  resetRate: z.number().min(0).max(1).default(0),
  /** Probability of an HTTP 503. */
  http5xxRate: z.number().min(0).max(1).default(0),
  /** Probability the answer is held for `slowMs`. */
  slowRate: z.number().min(0).max(1).default(0),
  slowMs: z.number().int().min(0).max(600_000).default(3_000),
  /** Probability the request is never answered (held until the client gives up). */
  dropRate: z.number().min(0).max(1).default(0),
});
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export const FaultsSchema = z.object({
  barCode: FaultConfigSchema.default(FaultConfigSchema.parse({})),
  query: FaultConfigSchema.default(FaultConfigSchema.parse({})),
  /** A fixed delay added before every gateway answer (both endpoints), e.g. to model WAN latency. */
  networkDelayMs: z.number().int().min(0).max(60_000).default(0),
  /**
   * Whether a BarCode request hit by a fault was processed (charged as its code says) before the
   * fault: 'always' (the dangerous case: reply lost), 'never', or 'random' (50/50).
   */
  barCodeFaultProcessed: z.enum(['always', 'never', 'random']).default('random'),
  /** Seed for the fault dice, for replayable runs. */
  seed: z.number().int().optional(),
});
export type Faults = z.infer<typeof FaultsSchema>;
export type FaultsInput = z.input<typeof FaultsSchema>;
