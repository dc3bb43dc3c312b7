/**
 * The cash drawer count, shared by the close screen (live total while counting) and main
 * (the recorded count). RMB notes and coins in fen: ¥100, 50, 20, 10, 5, 1, 0.5, 0.1.
 */
export const DENOMINATIONS_FEN = [10000, 5000, 2000, 1000, 500, 100, 50, 10] as const;
export type DenominationFen = (typeof DENOMINATIONS_FEN)[number];

/** Most notes or coins of one denomination in one count (a sanity limit, not a policy). */
export const MAX_PIECES = 100_000;

export function isDenomination(fen: number): fen is DenominationFen {
  return (DENOMINATIONS_FEN as readonly number[]).includes(fen);
}

/**
 * Total of a count (denomination in fen, as text or number → pieces). Unknown denominations
 * and bad piece counts throw a RangeError naming them.
 */
export function countTotalFen(detail: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const [k, pieces] of Object.entries(detail)) {
    const denom = Number(k);
    if (!isDenomination(denom)) throw new RangeError(`not an RMB denomination in fen: ${k}`);
    if (!Number.isSafeInteger(pieces) || pieces < 0 || pieces > MAX_PIECES)
      throw new RangeError(`bad count for ${k}: ${pieces}`);
    total += denom * pieces;
  }
  return total;
}

/** Counted − expected (negative: cash is missing). */
export function cashDifferenceFen(countedFen: number, expectedFen: number): number {
  return countedFen - expectedFen;
}
