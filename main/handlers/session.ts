import type { HandlerMap } from './dispatch.js';
import type { SessionService } from '../session/session-service.js';

export type SessionCommandName =
  | 'session.state'
  | 'session.signIn'
  | 'session.resume'
  | 'session.lock'
  | 'session.unlock'
  | 'session.signOut'
  | 'shift.open'
  | 'terminal.setBusinessType';

export interface SessionHandlerServices {
  sessions: SessionService;
  /** Signing out also ends this connection's 系统设置 authorisation. */
  installer?: { setup: { revoke(connectionId: string, reason: 'signed-out'): boolean } };
}

/** Handlers of app/contract/session.ts. Access rules are enforced by `sessions.checkAccess` in dispatch. */
export function createSessionHandlers(services: SessionHandlerServices): Pick<HandlerMap, SessionCommandName> {
  const { sessions } = services;
  return {
    'session.state': (_input, ctx) => sessions.view(ctx.connectionId),
    'session.signIn': (input, ctx) => sessions.signIn(ctx.connectionId, input.operatorNo, input.pin),
    'session.resume': (input, ctx) => sessions.resume(ctx.connectionId, input.token),
    'session.lock': (_input, ctx) => sessions.lock(ctx.connectionId),
    'session.unlock': (input, ctx) => sessions.unlock(ctx.connectionId, input.pin, input.operatorNo),
    'session.signOut': async (input, ctx) => {
      const view = await sessions.signOut(
        ctx.connectionId,
        input.supervisorNo !== undefined && input.pin !== undefined
          ? { operatorNo: input.supervisorNo, pin: input.pin }
          : undefined,
      );
      services.installer?.setup.revoke(ctx.connectionId, 'signed-out');
      return view;
    },
    'shift.open': (input, ctx) => sessions.openShift(ctx.connectionId, input.floatFen),
    'terminal.setBusinessType': (input, ctx) => sessions.setBusinessType(ctx.connectionId, input.businessType),
  };
}
