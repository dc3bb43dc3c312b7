/**
 * A payment rig for tests: real SQLite file in a temp folder, the real sandbox gateway on
 * 127.0.0.1:0, the real gateway client, the real engine — all on one virtual clock.
 * Not used by the product.
 */
import { join } from 'node:path';
import type { LateOutcomeNotice } from '../../app/contract/late-outcome.js';
import type { AttemptView, BillView } from '../../app/contract/schemas.js';
import { createBillService, type BillService } from '../bills/bill-service.js';
import { createEventBus, type EventBus } from '../events.js';
import { createGatewayClient } from '../gateway/client.js';
import { startSandboxGateway, type SandboxGateway } from '../sandbox/server.js';
import { openStore, type Store } from '../store/db.js';
import { TEST_EPOCH, tempDir } from '../store/test-helpers.js';
import { createPaymentEngine, type PaymentEngineImpl, type PaymentEngineOptions } from './engine.js';
import {
  createVirtualClock,
  runFor,
  runUntil,
  settle,
  trackGateway,
  type TrackedGateway,
  type VirtualClock,
} from './testing.js';

export const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

export interface Rig {
  clock: VirtualClock;
  sandbox: SandboxGateway;
  tracked: TrackedGateway;
  store: Store;
  bills: BillService;
  engine: PaymentEngineImpl;
  file: string;
  progress: AttemptView[];
  billEvents: BillView[];
  /** `payment.lateOutcome` events pushed by the engine. */
  lateOutcomes: LateOutcomeNotice[];
  /** The engine's event bus (for handlers under test that push events too). */
  bus: EventBus;
  /** A new bill with one free-amount line. */
  newBill(amountFen?: number): BillView;
  /** Close the engine and the store (as a crash or a shutdown would), keep the sandbox and the file. */
  closeEngine(opts?: { graceful?: boolean }): Promise<void>;
  /** Open a new store + bill service + engine on the same file (not started). */
  reopen(): void;
  run(ms: number): Promise<void>;
  until(done: () => boolean, maxMs?: number): Promise<void>;
  settle(): Promise<void>;
  view(attemptId: number): AttemptView;
  cleanup(): Promise<void>;
}

export async function createRig(
  opts: {
    deadlineMs?: number;
    engine?: Partial<PaymentEngineOptions>;
    sandboxSingleUse?: boolean;
    sandboxExtraCodePatterns?: string[];
    /** Gateway client options (e.g. scanCodeQrField). */
    gateway?: { scanCodeQrField?: string | null };
  } = {},
): Promise<Rig> {
  const clock = createVirtualClock(TEST_EPOCH);
  const sandbox = await startSandboxGateway({
    port: 0,
    clock,
    singleUseCodes: opts.sandboxSingleUse ?? true,
    ...(opts.sandboxExtraCodePatterns ? { extraCodePatterns: opts.sandboxExtraCodePatterns } : {}),
  });
  const dir = tempDir('counterpay-pay-');
  const file = join(dir.dir, 'counterpay.db');
  // Real-time client timeouts far away: the engine's own timeouts run on the virtual clock.
  const client = createGatewayClient({ baseUrl: sandbox.url, timeoutMs: 120_000, ...opts.gateway });
  const tracked = trackGateway(client, sandbox, clock.now);
  const progress: AttemptView[] = [];
  const billEvents: BillView[] = [];
  const lateOutcomes: LateOutcomeNotice[] = [];
  const bus = createEventBus();
  bus.subscribe((name, payload) => {
    if (name === 'payment.progress') progress.push(payload as AttemptView);
    if (name === 'bill.changed') billEvents.push(payload as BillView);
    if (name === 'payment.lateOutcome') lateOutcomes.push(payload as LateOutcomeNotice);
  });

  function build(): { store: Store; bills: BillService; engine: PaymentEngineImpl } {
    const store = openStore({ file, now: clock.now, check: 'none', backupDir: join(dir.dir, 'backups') });
    const bills = createBillService({ store, now: clock.now, terminalNo: 'T01', random: () => 0.25 });
    const engine = createPaymentEngine({
      store,
      bills,
      gateway: tracked.client,
      bus,
      now: clock.now,
      log: silentLog,
      deadlineMs: opts.deadlineMs ?? 60_000,
      timers: clock,
      requestTimeoutMs: { barCode: 15_000, query: 5_000 },
      reconcileSchedule: { jitter: 0 },
      sweepEveryMs: 0,
      ...opts.engine,
    });
    return { store, bills, engine };
  }

  const rig: Rig = {
    clock,
    sandbox,
    tracked,
    file,
    progress,
    billEvents,
    lateOutcomes,
    bus,
    ...build(),
    newBill(amountFen = 1234) {
      const b = rig.bills.create({ kind: 'sale', businessType: 1, operatorNo: '1001', shiftId: null });
      return rig.bills.addFreeAmount(b.id, amountFen);
    },
    async closeEngine({ graceful = false } = {}) {
      if (graceful) await rig.engine.stop();
      else {
        // A crash: nothing more is written. Requests still out are abandoned.
        void rig.engine.stop();
      }
      if (!rig.store.closed) rig.store.close();
    },
    reopen() {
      Object.assign(rig, build());
    },
    run: (ms) => runFor(clock, tracked, ms),
    until: (done, maxMs) => runUntil(clock, tracked, done, maxMs === undefined ? {} : { maxMs }),
    settle: () => settle(tracked),
    view(attemptId) {
      const v = rig.engine.get(attemptId);
      if (!v) throw new Error(`no attempt ${attemptId}`);
      return v;
    },
    async cleanup() {
      await rig.engine.stop();
      if (!rig.store.closed) rig.store.close();
      tracked.detach();
      await sandbox.close();
      dir.cleanup();
    },
  };
  return rig;
}
