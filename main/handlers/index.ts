import type { CoreServices } from '../core.js';
import { createCoreHandlers } from './core.js';
import type { HandlerMap } from './dispatch.js';

/**
 * The handler map: one handler for every command of the contract. Each domain contributes
 * its part; if a command has no handler, this file stops compiling.
 */
export function createHandlers(services: CoreServices): HandlerMap {
  return {
    ...createCoreHandlers(services),
  };
}
