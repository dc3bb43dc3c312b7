import { events, isEventName, type EventName, type EventPayload } from '../app/contract/index.js';
import type { Logger } from './log.js';

export type EventListener = (name: EventName, payload: unknown) => void;

/**
 * Main → renderer push. Every payload is validated against the contract before it leaves,
 * so a shell never forwards something the renderer cannot parse.
 */
export interface EventBus {
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(log?: Logger): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      if (!isEventName(name)) throw new Error(`unknown event ${String(name)}`);
      const parsed = events[name].payload.safeParse(payload);
      if (!parsed.success) {
        log?.error('event.invalid', { name, issues: parsed.error.issues.slice(0, 5) });
        return;
      }
      for (const l of [...listeners]) {
        try {
          l(name, parsed.data);
        } catch (e) {
          log?.error('event.listener-failed', { name, error: String(e) });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
