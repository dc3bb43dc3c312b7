import { describe, expect, it } from 'vitest';
import { ATTEMPT_STATES, LIVE_STATES } from '../../app/payment/state.js';
import { sql as initialSql } from '../store/migrations/001_initial.js';

/** The quoted names of an SQL `IN (...)` list. */
function inList(list: string): string[] {
  return [...list.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

describe('payment-attempt states: the released migration agrees with app/payment/state.ts', () => {
  it("migration 001's CHECK on payment_attempts.state lists exactly ATTEMPT_STATES", () => {
    const check = /\n\s*state TEXT NOT NULL CHECK \(state IN \(([^)]*)\)\)/.exec(initialSql);
    expect(check).not.toBeNull();
    expect(inList(check![1]!)).toEqual([...ATTEMPT_STATES]);
  });

  it("migration 001's partial indexes on live attempts list exactly LIVE_STATES", () => {
    const lists = [...initialSql.matchAll(/ON payment_attempts\([^)]*\)\s*WHERE state IN \(([^)]*)\)/g)].map((m) =>
      inList(m[1]!),
    );
    expect(lists).toHaveLength(2);
    for (const list of lists) expect(list).toEqual([...LIVE_STATES]);
  });
});
