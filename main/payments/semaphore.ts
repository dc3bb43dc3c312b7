/**
 * A counting semaphore with FIFO hand-over: at most `max` holders at once, the rest wait in
 * arrival order. `acquire()` resolves with a release function that is safe to call twice.
 * The engine uses it to cap reconciler queries in flight (docs/ARCHITECTURE.md §6).
 */
export interface Semaphore {
  acquire(): Promise<() => void>;
}

export function createSemaphore(max: number): Semaphore {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async acquire() {
      if (active >= max) await new Promise<void>((r) => waiting.push(r));
      active += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        active -= 1;
        waiting.shift()?.();
      };
    },
  };
}
