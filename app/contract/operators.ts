import { z } from 'zod';
import { PIN } from '../limits.js';
import { command, SupervisorAuthSchema } from './define.js';
import { OperatorNoSchema, PinSchema, RoleSchema, SessionViewSchema } from './session.js';

/**
 * Operators (工号) and role permissions, managed from the supervisor screen's 操作员 tab.
 *
 * Permissions are the things shops handle differently. A supervisor always holds every one; a
 * cashier holds what the shop granted (ledger setting `permissions.cashier`, edited on the same
 * tab and audited). A cashier without a grant needs a supervisor's number and PIN on the spot,
 * as for any supervisor command. Enforced in main (main/session/permissions.ts), never only on
 * screen. `discount-over-limit` and `price-override` cover the discount commands
 * (app/contract/discounts.ts).
 */
export const PERMISSIONS = [
  'refund',
  'void',
  'discount-over-limit',
  'price-override',
  'cash-move',
  'reprint',
  'shift-close',
] as const;
export const PermissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof PermissionSchema>;

/** What a cashier may do without a supervisor on a fresh ledger (today's behaviour: only reprint). */
export const DEFAULT_CASHIER_GRANTS: readonly Permission[] = ['reprint'];

export const GrantsSchema = z.array(PermissionSchema).max(PERMISSIONS.length);
export type Grants = z.infer<typeof GrantsSchema>;

/** Operator names: 1–40 characters (the operators table's rule). */
export const OPERATOR_NAME_MAX = 40;
const Name = z
  .string()
  .trim()
  .min(1, { message: 'name: required' })
  .max(OPERATOR_NAME_MAX, { message: `name: at most ${OPERATOR_NAME_MAX} characters` });

/** A PIN being set: the policy of app/limits.ts (digits, 4–12). */
export const NewPinSchema = z.string().regex(PIN.pattern, { message: `pin: ${PIN.rule}` });

/** The same PIN typed twice. */
const pinTwice = <S extends z.ZodRawShape>(shape: S) =>
  z
    .object({ ...shape, newPin: NewPinSchema, newPinRepeat: z.string().max(PIN.inputMax) })
    .strict()
    .refine((v) => (v as { newPin: string }).newPin === (v as { newPinRepeat: string }).newPinRepeat, {
      message: 'newPinRepeat: the two PINs differ',
      path: ['newPinRepeat'],
    });

const Auth = { auth: SupervisorAuthSchema.optional() };

export const OperatorRowSchema = z.object({
  operatorNo: z.string(),
  name: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  /** Locked out after wrong PINs until this time (epoch ms), or null. */
  lockedUntil: z.number().nullable(),
  /** A supervisor reset the PIN: the operator sets a new one at the next sign-in. */
  mustChangePin: z.boolean(),
  lastSignInAt: z.number().nullable(),
  createdAt: z.number(),
});
export type OperatorRow = z.infer<typeof OperatorRowSchema>;

export const OperatorsViewSchema = z.object({
  operators: z.array(OperatorRowSchema),
  /** Per role; a supervisor always holds every permission. */
  grants: z.object({ cashier: GrantsSchema, supervisor: GrantsSchema }),
});
export type OperatorsView = z.infer<typeof OperatorsViewSchema>;

export const operatorCommands = {
  /** Every operator, supervisors first, and the role permissions. */
  'operators.list': command(z.object({ ...Auth }).strict(), OperatorsViewSchema, 'supervisor'),
  /** Add a cashier or supervisor; the PIN typed twice. Duplicate number: invalid-input (reason duplicate). */
  'operators.add': command(
    pinTwice({ operatorNo: OperatorNoSchema, name: Name, role: RoleSchema, ...Auth }),
    OperatorsViewSchema,
    'supervisor',
  ),
  /** Disable or enable. The last active supervisor cannot be disabled (`last-supervisor`). */
  'operators.setActive': command(
    z.object({ operatorNo: OperatorNoSchema, active: z.boolean(), ...Auth }).strict(),
    OperatorsViewSchema,
    'supervisor',
  ),
  /** Change the role. The last active supervisor cannot be demoted (`last-supervisor`). */
  'operators.setRole': command(
    z.object({ operatorNo: OperatorNoSchema, role: RoleSchema, ...Auth }).strict(),
    OperatorsViewSchema,
    'supervisor',
  ),
  /**
   * Give the operator a temporary PIN (typed twice): the next sign-in asks for a new one
   * before anything else. Also clears a lockout.
   */
  'operators.resetPin': command(pinTwice({ operatorNo: OperatorNoSchema, ...Auth }), OperatorsViewSchema, 'supervisor'),
  /** Clear a lockout after wrong PINs. */
  'operators.unlock': command(
    z.object({ operatorNo: OperatorNoSchema, ...Auth }).strict(),
    OperatorsViewSchema,
    'supervisor',
  ),
  /** Grant or withdraw one permission of the cashier role. */
  'permissions.set': command(
    z.object({ role: z.literal('cashier'), permission: PermissionSchema, granted: z.boolean(), ...Auth }).strict(),
    OperatorsViewSchema,
    'supervisor',
  ),
  /**
   * Sign-in of an operator whose PIN was reset (`session.signIn` answered `pin-change-required`):
   * the temporary PIN, then the new PIN twice. Signs in like `session.signIn`.
   */
  'session.setNewPin': command(pinTwice({ operatorNo: OperatorNoSchema, pin: PinSchema }), SessionViewSchema, 'public'),
} as const;

export const operatorEvents = {} as const;
