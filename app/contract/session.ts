import { z } from 'zod';
import { PIN } from '../limits.js';
import { command, NoInput } from './define.js';
import { BusinessTypeSchema, FenSchema } from './schemas.js';

/**
 * Sign-in, screen lock, shift opening and the terminal's business type.
 *
 * A session belongs to one connection (an Electron window or a browser-shell WebSocket). A
 * sign-in returns a resume token — a per-tab ticket, never the page token; a reloaded page
 * presents it with `session.resume` to take its session over to the new connection (the
 * ticket never leaves the page's sessionStorage, and each resume hands out a new one). When
 * the connection closes (socket closed, window reloaded or closed) nobody is working on it any
 * more; the ticket works only within `session.reconnectGraceMs` (config, default 30 s) after
 * that, and never after a restart. Every command that is not 'public' needs an unlocked
 * operator signed in on the calling connection itself, checked in main before its input is
 * read. Roles are enforced in main (AccessCheck), never only on screen.
 */

export const RoleSchema = z.enum(['cashier', 'supervisor']);
export type Role = z.infer<typeof RoleSchema>;

/** Operator numbers: the KouDaiLQ seed allows 32 characters. */
export const OperatorNoSchema = z
  .string()
  .trim()
  .min(1, { message: 'operatorNo: required' })
  .max(32, { message: 'operatorNo: at most 32 characters' })
  .regex(/^[\x21-\x7e]+$/, { message: 'operatorNo: letters, digits and symbols only' });

/** PINs are digits; the store applies the policy (app/limits.ts PIN) when PINs are set. */
export const PinSchema = z
  .string()
  .min(1, { message: 'pin: required' })
  .max(PIN.inputMax, { message: `pin: at most ${PIN.inputMax} characters` });

export const OperatorViewSchema = z.object({
  operatorNo: z.string(),
  name: z.string(),
  role: RoleSchema,
});
export type OperatorView = z.infer<typeof OperatorViewSchema>;

export const ShiftViewSchema = z.object({
  id: z.number().int(),
  operatorNo: z.string(),
  openedAt: z.number(),
  floatFen: FenSchema,
});
export type ShiftView = z.infer<typeof ShiftViewSchema>;

/** What the screen needs to know about who is at the counter. */
export const SessionViewSchema = z.object({
  /** null: nobody is signed in on this connection. */
  operator: OperatorViewSchema.nullable(),
  /** The screen is locked: only `session.unlock` (the same operator's PIN) or a supervisor sign-out opens it. */
  locked: z.boolean(),
  signedInAt: z.number().nullable(),
  /** The terminal's open shift (one per terminal), whoever opened it. */
  shift: ShiftViewSchema.nullable(),
  /** The terminal's business type (1–7); new sale bills carry it. */
  businessType: BusinessTypeSchema,
  /** Idle minutes after which the screen locks by itself; 0 = never. */
  autoLockMinutes: z.number().int().min(0),
  /** Only on signIn / resume replies: present it to `session.resume` after a reload. */
  resumeToken: z.string().nullable(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const sessionCommands = {
  /** Who is signed in on this connection (never fails). */
  'session.state': command(NoInput, SessionViewSchema, 'public'),
  /** Operator number + PIN. Wrong PIN: `pin-wrong`; too many: `pin-locked-out` (details.retryAt). */
  'session.signIn': command(
    z.object({ operatorNo: OperatorNoSchema, pin: PinSchema }).strict(),
    SessionViewSchema,
    'public',
  ),
  /** Take a session over to this connection after a reload. Unknown or expired token: `not-signed-in`. */
  'session.resume': command(z.object({ token: z.string().min(16).max(200) }).strict(), SessionViewSchema, 'public'),
  /** Lock the screen; the operator stays signed in. */
  'session.lock': command(NoInput, SessionViewSchema, 'signed-in'),
  /** Unlock with the signed-in operator's PIN (a supervisor's PIN also unlocks). */
  'session.unlock': command(
    z.object({ pin: PinSchema, operatorNo: OperatorNoSchema.optional() }).strict(),
    SessionViewSchema,
    'public',
  ),
  /** Sign out. From a locked screen only with a supervisor's operator number and PIN. */
  'session.signOut': command(
    z.object({ supervisorNo: OperatorNoSchema.optional(), pin: PinSchema.optional() }).strict(),
    SessionViewSchema,
    'public',
  ),
  /** Open the terminal's shift with the cash float counted into the drawer. */
  'shift.open': command(z.object({ floatFen: FenSchema }).strict(), SessionViewSchema, 'signed-in'),
  /** Change the terminal's business type (a preset per terminal; supervisor only). */
  'terminal.setBusinessType': command(
    z.object({ businessType: BusinessTypeSchema }).strict(),
    SessionViewSchema,
    'supervisor',
  ),
} as const;

export const sessionEvents = {} as const;
