/**
 * Discounts, price overrides and 抹零 (round-off) on a bill: one pure function from a bill's
 * lines and adjustments to every line's net amount and the bill's totals, in integer fen
 * (docs/ARCHITECTURE.md §5.1). The ledger (main/bills/bill-discounts.ts), the screens and the
 * receipt all read the result; nothing else computes a discount.
 *
 * Order of work, per bill:
 *  1. gross of a line = unit price × quantity (a price override has already replaced the unit
 *     price; the list price is kept to show it);
 *  2. the line's own discount: percent (rate 1–99, the Chinese 折: 90 = 九折 = 10 % off) or an
 *     amount (capped at the line's gross);
 *  3. the whole-bill discount (percent or amount, capped at what is left), allocated to lines;
 *  4. 抹零 by the configured rule, on what is left, allocated to lines the same way.
 *
 * Rounding, documented once:
 *  - A percent discount keeps round-half-up(amount × rate / 100) fen and takes the rest:
 *    ¥0.15 at 九折 keeps 14 fen (13.5 → 14) and discounts 1 fen.
 *  - Allocation (bill discount and 抹零) is largest remainder: each live line gets
 *    floor(D × weight / Σweights), weight = what the line holds before this step; the fen left
 *    over go one each to the lines with the largest remainders, ties to the lower line number.
 *    So Σ shares == D exactly and no line goes below zero (a share never exceeds its weight).
 *  - 抹零 never takes the whole amount: a bill below the rule's unit is left as it is.
 * Hence Σ line nets == total, always (property-tested in app/pricing.test.ts).
 */

/** A discount on a line or on the whole bill. rate: the 折 (90 = 九折); fen: an amount off. */
export type DiscountSpec = { mode: 'percent'; rate: number } | { mode: 'amount'; fen: number };

/**
 * 抹零 rules: 'off'; 'drop-fen' (抹分: ¥12.34 → ¥12.30); 'drop-jiao' (抹角: → ¥12.00);
 * 'round-jiao' (四舍五入到角: ¥12.34 → ¥12.30, ¥12.35 → ¥12.40, a round-up adds fen).
 */
export const ROUND_OFF_RULES = ['off', 'drop-fen', 'drop-jiao', 'round-jiao'] as const;
export type RoundOffRule = (typeof ROUND_OFF_RULES)[number];

/** Percent rates accepted (the 折 in percent of the price kept). */
export const DISCOUNT_RATE = { min: 1, max: 99 } as const;

export interface PricingLine {
  lineNo: number;
  unitPriceFen: number;
  quantity: number;
  voided: boolean;
  discount: DiscountSpec | null;
}

export interface PricingInput {
  lines: readonly PricingLine[];
  billDiscount: DiscountSpec | null;
  /** The rule applied on this bill ('off' or null: none). */
  roundOff: RoundOffRule | null;
}

export interface PricedLine {
  lineNo: number;
  grossFen: number;
  /** The line's own discount. */
  discountFen: number;
  /** Its share of the whole-bill discount. */
  billShareFen: number;
  /** Its share of 抹零 (negative when round-jiao rounded up). */
  roundOffFen: number;
  netFen: number;
}

export interface Priced {
  lines: PricedLine[];
  /** Σ gross of live lines (before any discount). */
  grossFen: number;
  lineDiscountFen: number;
  billDiscountFen: number;
  /** Dropped by 抹零 (negative: added by a round-up). */
  roundOffFen: number;
  /** Σ net of live lines: what the customer pays. */
  totalFen: number;
}

/** round-half-up(amount × rate / 100), exact for any safe amount. */
function keepAtRate(amountFen: number, rate: number): number {
  const kept = (BigInt(amountFen) * BigInt(rate) * 2n + 100n) / 200n;
  return Number(kept);
}

/** The discount a spec gives on `amountFen` (never more than the amount, never negative). */
export function discountOn(amountFen: number, spec: DiscountSpec | null): number {
  if (!spec || amountFen <= 0) return 0;
  if (spec.mode === 'percent') return amountFen - keepAtRate(amountFen, spec.rate);
  return Math.min(Math.max(0, spec.fen), amountFen);
}

/** How much a rule drops from `amountFen` (negative: rounds up). Never the whole amount. */
export function roundOffOf(amountFen: number, rule: RoundOffRule | null): number {
  if (!rule || rule === 'off' || amountFen <= 0) return 0;
  const unit = rule === 'drop-jiao' ? 100 : 10;
  if (amountFen < unit) return 0;
  const rest = amountFen % unit;
  if (rule === 'round-jiao' && rest >= 5) return rest - unit;
  return rest;
}

/**
 * Split `total` (may be negative) over `weights` (≥ 0) by largest remainder; ties to the
 * earlier index. Σ result == total; |share| ≤ weight when |total| ≤ Σ weights.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (total === 0 || sum <= 0) return weights.map(() => 0);
  const sign = total < 0 ? -1 : 1;
  const d = BigInt(Math.abs(total));
  const s = BigInt(sum);
  const shares = weights.map((w) => Number((d * BigInt(w)) / s));
  const rems = weights.map((w, i) => ({ i, r: (d * BigInt(w)) % s }));
  let left = Math.abs(total) - shares.reduce((a, b) => a + b, 0);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rems) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares.map((v) => v * sign);
}

/** Price a bill: every line's gross, discount, shares and net, and the totals. */
export function priceBill(input: PricingInput): Priced {
  const live = input.lines.filter((l) => !l.voided);
  const gross = live.map((l) => l.unitPriceFen * l.quantity);
  const lineDisc = live.map((l, i) => discountOn(gross[i] ?? 0, l.discount));
  const afterLine = gross.map((g, i) => g - (lineDisc[i] ?? 0));
  const subtotal = afterLine.reduce((a, b) => a + b, 0);
  const billDisc = discountOn(subtotal, input.billDiscount);
  const billShares = allocate(billDisc, afterLine);
  const afterBill = afterLine.map((a, i) => a - (billShares[i] ?? 0));
  const roundOff = roundOffOf(subtotal - billDisc, input.roundOff);
  const roundShares = allocate(roundOff, afterBill);
  const byNo = new Map<number, PricedLine>();
  live.forEach((l, i) => {
    byNo.set(l.lineNo, {
      lineNo: l.lineNo,
      grossFen: gross[i] ?? 0,
      discountFen: lineDisc[i] ?? 0,
      billShareFen: billShares[i] ?? 0,
      roundOffFen: roundShares[i] ?? 0,
      netFen: (afterBill[i] ?? 0) - (roundShares[i] ?? 0),
    });
  });
  const lines = input.lines.map(
    (l) =>
      byNo.get(l.lineNo) ?? {
        lineNo: l.lineNo,
        grossFen: l.unitPriceFen * l.quantity,
        discountFen: 0,
        billShareFen: 0,
        roundOffFen: 0,
        netFen: l.unitPriceFen * l.quantity,
      },
  );
  const grossFen = gross.reduce((a, b) => a + b, 0);
  const lineDiscountFen = lineDisc.reduce((a, b) => a + b, 0);
  return {
    lines,
    grossFen,
    lineDiscountFen,
    billDiscountFen: billDisc,
    roundOffFen: roundOff,
    totalFen: grossFen - lineDiscountFen - billDisc - roundOff,
  };
}

/**
 * The discount a cashier gives on a bill, for the per-role limit: line and whole-bill
 * discounts (抹零 and price overrides are governed by their own rules).
 */
export function discretionaryFen(p: Priced): number {
  return p.lineDiscountFen + p.billDiscountFen;
}

/** A limit of the cashier role: percent of the bill's gross and an amount, per bill. */
export interface DiscountLimit {
  maxPercentOff: number;
  maxFen: number;
}

/** Whether giving `discountFen` on a bill of `grossFen` stays within `limit`. */
export function withinLimit(discountFen: number, grossFen: number, limit: DiscountLimit): boolean {
  if (discountFen <= 0) return true;
  return discountFen <= limit.maxFen && discountFen * 100 <= grossFen * limit.maxPercentOff;
}

/**
 * A rate typed as the Chinese 折: "9" → 90 (九折), "8.5" → 85, "85" → 85, "0.5" → 5. Null when it
 * is not a rate between 1 and 99.
 */
export function parseZhe(text: string): number | null {
  const t = text.trim().replace(/折$/, '');
  const m = /^(\d{1,2})(?:\.(\d))?$/.exec(t);
  if (!m) return null;
  const whole = Number(m[1]);
  const rate = m[2] !== undefined ? whole * 10 + Number(m[2]) : m[1]!.length === 1 ? whole * 10 : whole;
  if (m[2] !== undefined && whole > 9) return null;
  return rate >= DISCOUNT_RATE.min && rate <= DISCOUNT_RATE.max ? rate : null;
}

/** A rate as the 折 people say: 90 → "9", 85 → "8.5", 5 → "0.5". */
export function zheOf(rate: number): string {
  return rate % 10 === 0 ? String(rate / 10) : `${Math.floor(rate / 10)}.${rate % 10}`;
}
