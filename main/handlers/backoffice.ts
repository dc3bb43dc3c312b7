import type { backOfficeCommands } from '../../app/contract/backoffice.js';
import type { BackOfficeSetupService } from '../backoffice/setup.js';
import type { BackOfficeStatusService } from '../backoffice/status.js';
import type { SetupService } from '../setup/service.js';
import type { HandlerMap } from './dispatch.js';

type BackOfficeHandlers = Pick<HandlerMap, keyof typeof backOfficeCommands>;

export interface BackOfficeHandlerServices {
  backOfficeStatus: Pick<BackOfficeStatusService, 'list'>;
  backOfficeSetup: BackOfficeSetupService;
  installer: { setup: Pick<SetupService, 'assertAllowed'> };
  /** Who is signed in on a connection (for the audit log). */
  sessions: { operatorFor(connectionId: string): { operatorNo: string } | null };
}

/**
 * Handlers of app/contract/backoffice.ts: the pills' status, and the setup sections — gated like
 * setup.status (free before first-run setup is finished, an authorised supervisor afterwards).
 */
export function createBackOfficeHandlers(s: BackOfficeHandlerServices): BackOfficeHandlers {
  const gate = s.installer.setup;
  return {
    'backoffice.status': () => s.backOfficeStatus.list(),
    'backoffice.settings': (_input, ctx) => {
      gate.assertAllowed(ctx);
      return s.backOfficeSetup.status();
    },
    'backoffice.save': (input, ctx) => {
      gate.assertAllowed(ctx);
      return s.backOfficeSetup.save(input, s.sessions.operatorFor(ctx.connectionId)?.operatorNo ?? null);
    },
    'backoffice.test': (input, ctx) => {
      gate.assertAllowed(ctx);
      return s.backOfficeSetup.test(input);
    },
  };
}
