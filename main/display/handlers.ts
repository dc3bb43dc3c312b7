import type { HandlerMap } from '../handlers/dispatch.js';
import type { DisplayService } from './service.js';

/** The customer display's one command (app/contract/display.ts). */
export function createDisplayHandlers(services: {
  display: Pick<DisplayService, 'state'>;
}): Pick<HandlerMap, 'display.state'> {
  return { 'display.state': () => services.display.state() };
}
