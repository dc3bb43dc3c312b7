/** Helpers for tests of the Xiaobao client, poster and scripts. Not used by production code. */
import { join } from 'node:path';
import { openStore, type Store } from '../../store/db.js';
import type { LogFields, Logger } from '../../log.js';
import { createXiaobaoClient, type XiaobaoClientOptions } from './client.js';
import { startXiaobaoSimulator, type XiaobaoSimulator, type XiaobaoSimulatorOptions } from './simulator.js';

/** A logger that keeps every line (to assert that no secret is logged). */
export function memoryLogger(): Logger & {
  lines: { level: string; scope: string | undefined; event: string; fields?: LogFields }[];
} {
  const lines: { level: string; scope: string | undefined; event: string; fields?: LogFields }[] = [];
  const make = (scope: string | undefined): Logger => ({
    debug: (event, fields) => void lines.push({ level: 'debug', scope, event, ...(fields ? { fields } : {}) }),
    info: (event, fields) => void lines.push({ level: 'info', scope, event, ...(fields ? { fields } : {}) }),
    warn: (event, fields) => void lines.push({ level: 'warn', scope, event, ...(fields ? { fields } : {}) }),
    error: (event, fields) => void lines.push({ level: 'error', scope, event, ...(fields ? { fields } : {}) }),
    child: (s) => make(scope ? `${scope}.${s}` : s),
    close: async () => {},
  });
  return Object.assign(make(undefined), { lines });
}

/** A test clock shared by the simulator and the client: `clock.t` ms, moved by hand. */
export function testClock(start = Date.UTC(2026, 11, 4, 2, 0, 0)): { t: number; now: () => number } {
  const c = { t: start, now: () => c.t };
  return c;
}

export async function simAndClient(
  simOpts: XiaobaoSimulatorOptions = {},
  clientOpts: Partial<XiaobaoClientOptions> = {},
): Promise<{
  sim: XiaobaoSimulator;
  client: ReturnType<typeof createXiaobaoClient>;
  clientOptions: XiaobaoClientOptions;
}> {
  const sim = await startXiaobaoSimulator(simOpts);
  const clientOptions: XiaobaoClientOptions = {
    baseUrl: sim.baseUrl,
    ...sim.credentials,
    timeoutMs: 2_000,
    retryDelayMs: 1,
    ...(simOpts.clock ? { now: () => simOpts.clock!.now() } : {}),
    ...clientOpts,
  };
  return { sim, client: createXiaobaoClient(clientOptions), clientOptions };
}

/** A real SQLite store file in `dir`, migrated to the latest schema (the Xiaobao journal included). */
export function openJournalStore(dir: string, now: () => number = Date.now): Store {
  return openStore({ file: join(dir, 'counterpay.db'), now });
}
