import { z } from 'zod';
import { PIN } from '../limits.js';

/**
 * Building blocks of the IPC contract. Each domain file (app/contract/<domain>.ts)
 * declares its commands (renderer → main, request → Result) and events
 * (main → renderer push) with these helpers; app/contract/index.ts merges them.
 */

/** Who may call a command. Enforced in main (main/handlers), never only in the UI. */
export type CommandAccess = 'public' | 'signed-in' | 'supervisor';

export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: CommandAccess;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
}

export function command<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  access: CommandAccess = 'signed-in',
): CommandSpec<I, O> {
  return { input, output, access };
}

export function event<P extends z.ZodType>(payload: P): EventSpec<P> {
  return { payload };
}

/** Commands that take nothing use this input schema. */
export const NoInput = z.object({}).strict();

/**
 * A supervisor authorising one command on the spot, on a cashier's screen: the supervisor's
 * operator number and PIN, carried in the command's `auth` field. A 'supervisor' command
 * called by a signed-in cashier runs only if main verifies this PIN (role supervisor) first;
 * every such authorisation is in the audit log. A signed-in supervisor needs none.
 */
export const SupervisorAuthSchema = z
  .object({
    supervisorNo: z
      .string()
      .trim()
      .min(1, { message: 'supervisorNo: required' })
      .max(32, { message: 'supervisorNo: at most 32 characters' })
      .regex(/^[\x21-\x7e]+$/, { message: 'supervisorNo: letters, digits and symbols only' }),
    supervisorPin: z
      .string()
      .min(1, { message: 'supervisorPin: required' })
      .max(PIN.inputMax, { message: `supervisorPin: at most ${PIN.inputMax} characters` }),
  })
  .strict();
export type SupervisorAuth = z.infer<typeof SupervisorAuthSchema>;

/** The input field of a command that carries a SupervisorAuth. */
export const SUPERVISOR_AUTH_FIELD = 'auth';
