export { deriveCounterMode } from './counter-mode.js';
export {
  createSessionService,
  DEFAULT_SHIFT_COMMANDS,
  type AuditPort,
  type OperatorPort,
  type SessionService,
  type SessionServiceOptions,
  type ShiftPort,
} from './session-service.js';
export { createTerminalSettings, type TerminalSettings } from './terminal-settings.js';
