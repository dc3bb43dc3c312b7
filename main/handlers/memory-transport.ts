import type {
  CommandInput,
  CommandName,
  CommandOutput,
  CounterpayApi,
  EventName,
  EventPayload,
} from '../../app/contract/index.js';
import type { Result } from '../../app/result.js';
import type { EventBus } from '../events.js';
import type { CallContext, Dispatch } from './dispatch.js';

/**
 * The in-memory transport: the same `window.counterpay` API, calling the core directly.
 * Payloads are cloned through JSON both ways so tests see exactly what would cross a
 * process boundary (no shared references, no Dates, no functions).
 */
export function createMemoryTransport(
  dispatch: Dispatch,
  bus: EventBus,
  connectionId = 'memory-1',
): CounterpayApi & { close(): void } {
  const ctx: CallContext = { transport: 'memory', connectionId };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const unsubscribe = bus.subscribe((name, payload) => {
    const set = listeners.get(name);
    if (!set) return;
    const copy = JSON.parse(JSON.stringify(payload)) as unknown;
    for (const l of [...set]) l(copy);
  });
  return {
    shell: 'memory',
    async invoke<K extends CommandName>(command: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
      const wireInput = input === undefined ? undefined : (JSON.parse(JSON.stringify(input)) as unknown);
      const result = await dispatch(command, wireInput, ctx);
      return JSON.parse(JSON.stringify(result)) as Result<CommandOutput<K>>;
    },
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    close() {
      unsubscribe();
      dispatch.disconnect?.(ctx);
    },
  };
}
