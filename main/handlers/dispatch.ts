import { z } from 'zod';
import {
  commands,
  isCommandName,
  type CommandName,
  type CommandOutput,
  type CommandParsedInput,
} from '../../app/contract/index.js';
import { AppError, type Result } from '../../app/result.js';
import type { Logger } from '../log.js';

/** Who is calling: filled in by the transport (Electron sender, WebSocket connection, test). */
export interface CallContext {
  transport: 'electron' | 'websocket' | 'memory';
  /** An id for the connection or window; sessions hang off it. */
  connectionId: string;
}

export type Handler<K extends CommandName> = (
  input: CommandParsedInput<K>,
  ctx: CallContext,
) => CommandOutput<K> | Promise<CommandOutput<K>>;

/** One handler per command. A missing one is a compile error where the map is built. */
export type HandlerMap = { [K in CommandName]: Handler<K> };

/** Checks a command's access rule (signed-in, supervisor) for this caller; throws AppError when refused. */
export type AccessCheck = (command: CommandName, ctx: CallContext) => void;

export type Dispatch = (command: unknown, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', message: i.message }));
}

/**
 * Turn the handler map into the single entry point every transport calls.
 * Validates the command name and the payload, checks access, runs the handler and
 * returns a Result; a handler never throws across the boundary.
 */
export function createDispatch(handlers: HandlerMap, opts: { log: Logger; checkAccess?: AccessCheck }): Dispatch {
  const { log } = opts;
  return async (command, input, ctx) => {
    if (!isCommandName(command)) {
      log.warn('ipc.unknown-command', { command: String(command).slice(0, 80), transport: ctx.transport });
      return { ok: false, error: { code: 'unknown-command', message: `unknown command` } };
    }
    const spec = commands[command];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      log.info('ipc.invalid-input', { command, issues });
      return {
        ok: false,
        error: {
          code: 'invalid-input',
          message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
          details: { issues },
        },
      };
    }
    try {
      opts.checkAccess?.(command, ctx);
      const handler = handlers[command] as Handler<CommandName>;
      const value = await handler(parsed.data as never, ctx);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log.error('ipc.invalid-output', { command, issues: describeIssues(out.error).slice(0, 5) });
        return { ok: false, error: { code: 'internal-error', message: 'the core produced an invalid reply' } };
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toData() };
      log.error('ipc.handler-failed', { command, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return { ok: false, error: { code: 'internal-error', message: e instanceof Error ? e.message : String(e) } };
    }
  };
}
