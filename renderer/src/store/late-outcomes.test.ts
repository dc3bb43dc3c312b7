import { beforeEach, describe, expect, it } from 'vitest';
import type { LateOutcomeNotice } from '../../../app/contract/late-outcome.js';
import { selectFirstLateOutcome, useLateOutcomes } from './late-outcomes.js';

function notice(id: number, over: Partial<LateOutcomeNotice> = {}): LateOutcomeNotice {
  return {
    id,
    attemptId: 100 + id,
    billId: 200 + id,
    billNo: `T01-261204-2300${String(id).padStart(2, '0')}-1234`,
    gatewayBillNum: `T01261204${id}`,
    amountFen: 1250,
    outcome: 'paid',
    operatorNo: '1001',
    unconfirmedAt: 1_000,
    resolvedAt: 2_000,
    via: 'reconciler',
    queryNo: 3,
    resolvedBy: null,
    detail: 'SUCCESS',
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  };
}

describe('late outcome notices (renderer slice)', () => {
  beforeEach(() => useLateOutcomes.getState().clear());

  it('shows the oldest notice first, whatever order list and events arrive in', () => {
    const s = useLateOutcomes.getState();
    s.add(notice(3));
    s.setAll([notice(2), notice(1)]);
    s.add(notice(3));
    expect(useLateOutcomes.getState().notices.map((n) => n.id)).toEqual([1, 2, 3]);
    expect(selectFirstLateOutcome(useLateOutcomes.getState())?.id).toBe(1);
  });

  it('never shows a notice twice, nor one already acknowledged', () => {
    const s = useLateOutcomes.getState();
    s.add(notice(1));
    s.add(notice(1));
    s.setAll([notice(1), notice(2, { acknowledgedAt: 5, acknowledgedBy: '1001' })]);
    expect(useLateOutcomes.getState().notices.map((n) => n.id)).toEqual([1]);
    s.add(notice(1, { acknowledgedAt: 6, acknowledgedBy: '1001' }));
    expect(useLateOutcomes.getState().notices).toEqual([]);
  });

  it('stays until acknowledged: removing one leaves the rest', () => {
    const s = useLateOutcomes.getState();
    s.setAll([notice(1), notice(2)]);
    s.setPending(1, true);
    expect(useLateOutcomes.getState().pending).toEqual([1]);
    s.remove(1);
    expect(useLateOutcomes.getState().notices.map((n) => n.id)).toEqual([2]);
    expect(useLateOutcomes.getState().pending).toEqual([]);
  });
});
