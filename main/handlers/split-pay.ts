import type { Counter } from '../counter/counter.js';
import type { HandlerMap } from './dispatch.js';

export interface SplitPayHandlerServices {
  counter: Pick<Counter, 'setPart'>;
}

/** Handlers of app/contract/split-pay.ts (docs/ARCHITECTURE.md §6.6). */
export function createSplitPayHandlers(services: SplitPayHandlerServices): Pick<HandlerMap, 'payment.setPart'> {
  return {
    'payment.setPart': ({ billId, amountFen }) => services.counter.setPart(billId, amountFen),
  };
}
