import { z } from 'zod';

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
