import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../../../app/contract/operators.js';
import { GRANT_TABS, tabShown, tabsForGrants } from './grant-tabs.js';
import { SUP_TABS } from './sup-store.js';

const ORDER = SUP_TABS;

describe('supervisor tabs by a cashier’s grants', () => {
  it('refund or void shows 退款 / 作废 only', () => {
    expect(tabsForGrants(['refund'], ORDER)).toEqual(['bills']);
    expect(tabsForGrants(['void'], ORDER)).toEqual(['bills']);
    expect(tabsForGrants(['refund', 'void'], ORDER)).toEqual(['bills']);
  });

  it('cash-move → 现金存取, shift-close → 交班, in the screen’s order; reprint adds 单据', () => {
    expect(tabsForGrants(['cash-move'], ORDER)).toEqual(['cash']);
    expect(tabsForGrants(['shift-close'], ORDER)).toEqual(['close']);
    expect(tabsForGrants(['shift-close', 'reprint', 'refund', 'cash-move'], ORDER)).toEqual([
      'close',
      'bills',
      'cash',
      'docs',
    ]);
  });

  it('no grant, the default reprint alone, or only counter permissions: the PIN gate', () => {
    expect(tabsForGrants([], ORDER)).toBeNull();
    expect(tabsForGrants(['reprint'], ORDER)).toBeNull();
    expect(tabsForGrants(['discount-over-limit', 'price-override', 'reprint'], ORDER)).toBeNull();
  });

  it('never shows a supervisor-only tab, whatever is granted', () => {
    const all = tabsForGrants([...PERMISSIONS], ORDER)!;
    for (const t of ['x', 'exceptions', 'history', 'import', 'operators', 'products', 'xbreconcile'] as const)
      expect(all).not.toContain(t);
    // Every tab a grant names is a tab of the screen.
    for (const p of PERMISSIONS) for (const t of GRANT_TABS[p]) expect(ORDER).toContain(t);
  });

  it('tabShown: everything with a supervisor, only the granted tabs by permission', () => {
    expect(tabShown('operators', null)).toBe(true);
    expect(tabShown('bills', ['refund'])).toBe(true);
    expect(tabShown('cash', ['refund'])).toBe(false);
    expect(tabShown('docs', ['refund', 'reprint'])).toBe(true);
  });
});
