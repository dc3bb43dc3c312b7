import type { Permission } from '../../../../app/contract/operators.js';
import type { SupTab } from './sup-store.js';

/**
 * The supervisor screen opened by a cashier's own role permissions (F11 without a supervisor's
 * PIN; docs/ARCHITECTURE.md §10.2): which tabs each permission (app/contract/operators.ts
 * PERMISSIONS) shows. A new permission does not compile until it is listed here. The screen only
 * shows; main's access check decides every command, as the cashier.
 *
 * - 退款 / 作废 shows for refund or void. Its other action (void with only refund, or the
 *   reverse) stays on the tab and asks for a supervisor on the spot when pressed (main answers
 *   `supervisor-required`; the screen turns to the PIN gate and then shows every tab).
 * - 交班 for shift-close (its policy choice is the supervisor's: read only there), 现金存取 for
 *   cash-move, 单据 for reprint.
 * - The discount permissions are used on the counter (Ctrl+D, Ctrl+E): no tab.
 * - Every other tab (X 报表, 历史, 异常处理, 商品导入, 操作员, 商品, 校宝对账) is hidden.
 */
export const GRANT_TABS: Readonly<Record<Permission, readonly SupTab[]>> = {
  refund: ['bills'],
  void: ['bills'],
  'discount-over-limit': [],
  'price-override': [],
  'cash-move': ['cash'],
  reprint: ['docs'],
  'shift-close': ['close'],
};

/**
 * Reprint alone does not open the screen: every cashier holds it by default
 * (DEFAULT_CASHIER_GRANTS) and reprints from 单据查询 (Ctrl+H) already; its 单据 tab shows
 * next to the others.
 */
const COMPANION_ONLY: ReadonlySet<Permission> = new Set<Permission>(['reprint']);

/**
 * The tabs a cashier holding `grants` sees, in the screen's order `order`; or null when their
 * grants open nothing by themselves (the supervisor's PIN gate, as without grants).
 */
export function tabsForGrants(grants: readonly Permission[], order: readonly SupTab[]): SupTab[] | null {
  if (!grants.some((p) => !COMPANION_ONLY.has(p) && GRANT_TABS[p].length > 0)) return null;
  const shown = new Set(grants.flatMap((p) => GRANT_TABS[p]));
  return order.filter((t) => shown.has(t));
}

/** Whether `tab` shows: every tab with a supervisor's authority (`byGrant` null), else by the grants. */
export function tabShown(tab: SupTab, byGrant: readonly Permission[] | null): boolean {
  return byGrant === null || byGrant.some((p) => GRANT_TABS[p].includes(tab));
}
