import type { CommandName } from '../../app/contract/index.js';
import { DEFAULT_CASHIER_GRANTS, type Permission } from '../../app/contract/operators.js';
import type { Role } from '../../app/contract/session.js';

/**
 * Which commands a role permission covers (app/contract/operators.ts PERMISSIONS). A caller
 * whose role holds one of a command's permissions runs it without a supervisor; otherwise a
 * supervisor's number and PIN are needed on the spot (`supervisor-required`, as for any
 * supervisor command). `price-override` covers `bill.priceOverride`; `discount-over-limit` a
 * `bill.discount` sent with `overLimit: true` (main/bills/bill-discounts.ts).
 */
const COMMAND_PERMISSIONS: Partial<Record<CommandName, readonly Permission[]>> = {
  'bill.refund': ['refund'],
  'bill.void': ['void'],
  // Finding the bill to refund or void.
  'bill.search': ['refund', 'void'],
  'bill.lookup': ['refund', 'void'],
  'cash.move': ['cash-move'],
  'shift.close': ['shift-close'],
  // The drawer's expected cash, which the close and cash tabs show.
  'report.x': ['shift-close', 'cash-move'],
  // 改价 (app/contract/discounts.ts); a discount over the limit is below, by its input.
  'bill.priceOverride': ['price-override'],
};

/** Commands above that only read: using a grant for them is not worth an audit row. */
const READS = new Set<CommandName>(['bill.search', 'bill.lookup', 'report.x']);

/** The permissions that would let a caller run `command` with this input (any one suffices), or null. */
export function permissionsFor(command: CommandName, input: unknown): readonly Permission[] | null {
  if (command === 'receipt.print') {
    const reprint = input !== null && typeof input === 'object' && (input as { reprint?: unknown }).reprint === true;
    return reprint ? ['reprint'] : null;
  }
  if (command === 'bill.discount') {
    // Only a discount sent as over the cashier limit (after `discount-over-limit`) needs it.
    const over = input !== null && typeof input === 'object' && (input as { overLimit?: unknown }).overLimit === true;
    return over ? ['discount-over-limit'] : null;
  }
  return COMMAND_PERMISSIONS[command] ?? null;
}

export function auditsGrantUse(command: CommandName): boolean {
  return !READS.has(command);
}

export interface PermissionPort {
  has(role: Role, permission: Permission): boolean;
}

/** Without a ledger (unit tests): a supervisor holds everything, a cashier the defaults. */
export const DEFAULT_PERMISSIONS: PermissionPort = {
  has: (role, permission) => role === 'supervisor' || DEFAULT_CASHIER_GRANTS.includes(permission),
};
