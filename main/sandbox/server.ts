/**
 * The embedded sandbox gateway: a real HTTP server that speaks the KouDaiLQ BarCode and Query
 * endpoints the way the client sends them, keeps a ledger keyed by billNum (a repeated billNum
 * never charges twice), and plays the scenarios chosen by the scanned code or by tests.
 *
 *   ledger.ts     payments, codes used, counters, scenario choice, fault dice (no HTTP)
 *   endpoints.ts  BarCode / Query: validate, play the scenario, decide the answer
 *   http.ts       bodies, routing, answers carried out on the sandbox clock
 *   control.ts    the /__control/* endpoints
 */
import { createSandboxScanCode } from './scan-code.js';
import { EventEmitter } from 'node:events';
import { listenLocal } from '../net/local-http.js';
import { realClock } from './clock.js';
import { createControl } from './control.js';
import { createEndpoints } from './endpoints.js';
import { createSandboxHttp } from './http.js';
import { createSandboxLedger } from './ledger.js';
import type { SandboxEvents, SandboxGateway, SandboxOptions } from './types.js';

export type {
  LedgerEntry,
  LedgerSummary,
  PayStatus,
  SandboxEvents,
  SandboxGateway,
  SandboxOp,
  SandboxOptions,
  SandboxStats,
  ScenarioTarget,
} from './types.js';

export async function startSandboxGateway(options: SandboxOptions = {}): Promise<SandboxGateway> {
  const clock = options.clock ?? realClock;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const events = new EventEmitter<SandboxEvents>();
  events.setMaxListeners(1000);

  const ledger = createSandboxLedger({
    clock,
    ...(options.random ? { random: options.random } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.extraCodePatterns ? { extraCodePatterns: options.extraCodePatterns } : {}),
  });
  const endpoints = createEndpoints({
    ledger,
    singleUse: options.singleUseCodes ?? true,
    onRequest(op, billNum) {
      ledger.countRequest(op, billNum);
      events.emit('request', { op, billNum });
    },
    log,
  });
  const qr = createSandboxScanCode({
    ledger,
    clock,
    onRequest(billNum) {
      ledger.countRequest('barcode', billNum);
      events.emit('request', { op: 'barcode', billNum });
    },
    log,
  });
  const control = createControl(ledger);
  const { server, cancelTimers } = createSandboxHttp({
    clock,
    events,
    log,
    routes: {
      health: () => ({ ok: true, name: 'koudailq-sandbox', now: clock.now() }),
      control: async (path, req, res, raw) => {
        if (!qr.control(path, req, res, raw)) await control(path, req, res, raw);
      },
      barCode: endpoints.barCode,
      scanCode: qr.scanCode,
      query: endpoints.query,
    },
  });

  const port = await listenLocal(server, options.port ?? 0, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/`,
    port,
    clock,
    events,
    setScenario: (scenario, target) => ledger.setScenario(scenario, target),
    setFaults: (faults) => ledger.setFaults(faults),
    reset: () => ledger.reset(),
    ledger: () => ledger.ledger(),
    stats: () => ledger.stats(),
    payQr: (billNum) => qr.pay(billNum),
    close: () =>
      new Promise<void>((resolve) => {
        cancelTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
