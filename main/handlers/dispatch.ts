import { z } from 'zod';
import {
  commands,
  isCommandName,
  type CommandName,
  type CommandOutput,
  type CommandParsedInput,
} from '../../app/contract/index.js';
import { SUPERVISOR_AUTH_FIELD } from '../../app/contract/define.js';
import { AppError, type Result } from '../../app/result.js';
import type { Logger } from '../log.js';

/** The supervisor who authorised a 'supervisor' command: signed in on this connection, or by PIN on the spot. */
export interface Authorisation {
  operatorNo: string;
  name: string;
  via: 'session' | 'pin';
}

/** Who is calling: filled in by the transport (Electron sender, WebSocket connection, test). */
export interface CallContext {
  transport: 'electron' | 'websocket' | 'memory';
  /** An id for the connection or window; sessions hang off it. */
  connectionId: string;
  /** Set by the access check for 'supervisor' commands, before the handler runs. */
  supervisor?: Authorisation;
}

export type Handler<K extends CommandName> = (
  input: CommandParsedInput<K>,
  ctx: CallContext,
) => CommandOutput<K> | Promise<CommandOutput<K>>;

/** One handler per command. A missing one is a compile error where the map is built. */
export type HandlerMap = { [K in CommandName]: Handler<K> };

/**
 * Checks a command's access rule (signed-in, supervisor) for this caller; throws (or rejects
 * with) AppError when refused. For a 'supervisor' command it returns who authorised it; it
 * sees the parsed input for the on-the-spot supervisor PIN (`auth`, see SupervisorAuthSchema).
 */
export type AccessCheck = (
  command: CommandName,
  ctx: CallContext,
  input?: unknown,
) => void | Authorisation | Promise<void | Authorisation>;

/**
 * The single entry point every transport calls. `disconnect` is the transports' other call: the
 * connection (WebSocket) or window (Electron: closed, reloaded, crashed) is gone, so whatever
 * was bound to it (the signed-in operator, a setup authorisation) ends or starts its grace period.
 */
export type Dispatch = ((command: unknown, input: unknown, ctx: CallContext) => Promise<Result<unknown>>) & {
  disconnect?: (ctx: CallContext) => void;
};

function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', message: i.message }));
}

/** The handler never sees the supervisor's PIN: access checking consumed it. */
function withoutAuth(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || !(SUPERVISOR_AUTH_FIELD in data)) return data;
  const copy = { ...(data as Record<string, unknown>) };
  delete copy[SUPERVISOR_AUTH_FIELD];
  return copy;
}

/**
 * Turn the handler map into the single entry point every transport calls.
 * Validates the command name and the payload, checks access, runs the handler and
 * returns a Result; a handler never throws across the boundary.
 */
export function createDispatch(
  handlers: HandlerMap,
  opts: {
    log: Logger;
    checkAccess?: AccessCheck;
    /** Turns a non-AppError (e.g. SQLITE_FULL) into a coded one. */
    mapError?: (e: unknown) => AppError | null;
    /**
     * Runs before the payload is read: throws AppError (not-signed-in) when nobody may call this
     * non-public command on this connection, so such a caller learns nothing about its input.
     */
    requireCaller?: (command: CommandName, ctx: CallContext) => void;
    onDisconnect?: (ctx: CallContext) => void;
  },
): Dispatch {
  const { log } = opts;
  const dispatch: Dispatch = async (command, input, ctx) => {
    if (!isCommandName(command)) {
      log.warn('ipc.unknown-command', { command: String(command).slice(0, 80), transport: ctx.transport });
      return { ok: false, error: { code: 'unknown-command', message: `unknown command` } };
    }
    const spec = commands[command];
    if (opts.requireCaller) {
      try {
        opts.requireCaller(command, ctx);
      } catch (e) {
        if (e instanceof AppError) return { ok: false, error: e.toData() };
        throw e;
      }
    }
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
      const granted = await opts.checkAccess?.(command, ctx, parsed.data);
      const callCtx: CallContext = granted ? { ...ctx, supervisor: granted } : ctx;
      const handler = handlers[command] as Handler<CommandName>;
      const value = await handler(withoutAuth(parsed.data) as never, callCtx);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        log.error('ipc.invalid-output', { command, issues: describeIssues(out.error).slice(0, 5) });
        return { ok: false, error: { code: 'internal-error', message: 'the core produced an invalid reply' } };
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toData() };
      const mapped = opts.mapError?.(e);
      if (mapped) {
        log.error('ipc.handler-failed', {
          command,
          code: mapped.code,
          error: e instanceof Error ? e.message : String(e),
        });
        return { ok: false, error: mapped.toData() };
      }
      log.error('ipc.handler-failed', { command, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return { ok: false, error: { code: 'internal-error', message: e instanceof Error ? e.message : String(e) } };
    }
  };
  dispatch.disconnect = (ctx) => {
    try {
      opts.onDisconnect?.(ctx);
      log.info('ipc.disconnected', { transport: ctx.transport, connectionId: ctx.connectionId });
    } catch (e) {
      log.error('ipc.disconnect-failed', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  };
  return dispatch;
}
