import type { operatorCommands, OperatorsView } from '../../app/contract/operators.js';
import { AppError } from '../../app/result.js';
import type { SessionService } from '../session/session-service.js';
import type { OperatorService } from '../store/operators.js';
import type { PermissionService } from '../store/permissions.js';
import type { CallContext, HandlerMap } from './dispatch.js';

export type OperatorCommandName = keyof typeof operatorCommands;

export interface OperatorHandlerServices {
  operators: Pick<OperatorService, 'list' | 'add' | 'setActive' | 'setRole' | 'resetPin' | 'unlock'>;
  permissions: Pick<PermissionService, 'grants' | 'set'>;
  sessions: Pick<SessionService, 'setNewPin' | 'operatorChanged'>;
}

/**
 * Handlers of app/contract/operators.ts (the supervisor screen's 操作员 tab, and the sign-in
 * after a PIN reset). Dispatch has checked access; `ctx.supervisor` is who authorised. Each
 * change is audited by the operators / permissions modules, in the same transaction.
 */
export function createOperatorHandlers(services: OperatorHandlerServices): Pick<HandlerMap, OperatorCommandName> {
  const { operators, permissions, sessions } = services;
  const by = (ctx: CallContext): string => {
    if (!ctx.supervisor) throw new AppError('supervisor-required', 'a supervisor must authorise this');
    return ctx.supervisor.operatorNo;
  };
  const view = (): OperatorsView => ({
    operators: operators.list().map((o) => ({
      operatorNo: o.operatorNo,
      name: o.name,
      role: o.role,
      active: o.active,
      lockedUntil: o.lockedUntil,
      mustChangePin: o.mustChangePin,
      lastSignInAt: o.lastSignInAt,
      createdAt: o.createdAt,
    })),
    grants: permissions.grants(),
  });
  return {
    'operators.list': () => view(),
    'operators.add': async (input, ctx) => {
      await operators.add(
        { operatorNo: input.operatorNo, name: input.name, role: input.role, pin: input.newPin },
        by(ctx),
      );
      return view();
    },
    'operators.setActive': (input, ctx) => {
      const o = operators.setActive(input.operatorNo, input.active, by(ctx));
      sessions.operatorChanged(o.operatorNo, o);
      return view();
    },
    'operators.setRole': (input, ctx) => {
      const o = operators.setRole(input.operatorNo, input.role, by(ctx));
      sessions.operatorChanged(o.operatorNo, o);
      return view();
    },
    'operators.resetPin': async (input, ctx) => {
      await operators.resetPin(input.operatorNo, input.newPin, by(ctx));
      return view();
    },
    'operators.unlock': (input, ctx) => {
      operators.unlock(input.operatorNo, by(ctx));
      return view();
    },
    'permissions.set': (input, ctx) => {
      permissions.set(input.permission, input.granted, by(ctx));
      return view();
    },
    'session.setNewPin': (input, ctx) =>
      sessions.setNewPin(ctx.connectionId, input.operatorNo, input.pin, input.newPin),
  };
}
