/**
 * The back offices in the core (createCore calls this once, docs/ARCHITECTURE.md §8.3): the
 * counter services of the three systems — 校园卡套餐 (campus), 机构报名 (KesionEDU), 校宝学员
 * (Xiaobao) — built from the EFFECTIVE settings (config + env + secret store, or the embedded
 * simulators in sandbox mode), the status pills, the setup sections and 校宝对账, which uses the
 * Xiaobao desk's own client and poster (one poster per journal).
 */
import type { BillView } from '../../app/contract/schemas.js';
import type { Config } from '../config.js';
import type { BillService } from '../bills/bill-service.js';
import type { CounterBill } from '../counter/counter-bill.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/db.js';
import type { ShiftService } from '../store/shifts.js';
import { createCampusClient } from './campus/client.js';
import { createCampusSales } from './campus/sales.js';
import { createBackOfficeChecker, xiaobaoReason } from './checks.js';
import { campusClientOptions } from './config.js';
import { migrateKesionSecrets, resolveBackOffices, type EffectiveBackOffices, type SecretWriter } from './effective.js';
import { startBackOfficeSandbox } from './sandbox.js';
import { createKesionEnrollment } from './kesion/wiring.js';
import { createReconciliation, type Reconciliation } from './reconcile/reconcile.js';
import { createBackOfficeSetup, type BackOfficeSetupDeps } from './setup.js';
import { createBackOfficeStatus } from './status.js';
import { createXiaobaoDesk } from './xiaobao/desk.js';

/**
 * The back offices' effective settings: config.json + environment + secret store (an apptoken
 * left in an older config.json is moved into the store first); on the sandbox gateway, an
 * embedded simulator with demo data for each one not configured (演示), closed by close().
 */
export async function resolveEffectiveBackOffices(d: {
  config: Config;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  secrets: SecretWriter;
  /** False when the config was given in code (tests): there is no config.json to migrate. */
  migrateConfigFile: boolean;
  onSandboxGateway: boolean;
  log: Logger;
}): Promise<{ effective: EffectiveBackOffices; close(): Promise<void> }> {
  const moved = d.migrateConfigFile ? migrateKesionSecrets(d.dataDir, d.secrets) : [];
  if (moved.length > 0) d.log.info('backoffice.secrets-moved-to-store', { names: moved });
  const resolved = resolveBackOffices(d.config, d.env, (n) => d.secrets.get(n));
  if (!d.onSandboxGateway || d.env.COUNTERPAY_BACKOFFICE_SANDBOX === 'off')
    return { effective: resolved, close: () => Promise.resolve() };
  const log = d.log.child('backoffice.sandbox');
  const sandbox = await startBackOfficeSandbox(resolved, { log: (e, f) => log.info(e, f) });
  return { effective: sandbox.effective, close: () => sandbox.close() };
}

export interface BackOfficeWiringDeps {
  store: Store;
  now: () => number;
  log: Logger;
  bus: EventBus;
  bills: BillService;
  counter: Pick<CounterBill, 'billOnCounter' | 'show'>;
  shifts: Pick<ShiftService, 'current' | 'addCashMovement'>;
  businessType: () => number;
  env: NodeJS.ProcessEnv;
  effective: EffectiveBackOffices;
  /** The setup sections' own needs (data folder, config file, secrets, audit). */
  setup: Omit<BackOfficeSetupDeps, 'sources'>;
}

export function createBackOfficeServices(d: BackOfficeWiringDeps) {
  const { store, now, log, bus, bills, counter, effective } = d;
  const closers: (() => void)[] = [];
  const shiftId = () => d.shifts.current()?.id ?? null;

  // The status bar's pills (status.ts): a light check per back office, plus real calls' outcomes.
  const checkMs = Number(d.env.COUNTERPAY_BACKOFFICE_CHECK_MS);
  const status = createBackOfficeStatus({
    sources: effective.source,
    check: createBackOfficeChecker(effective, { now }),
    now,
    // COUNTERPAY_BACKOFFICE_CHECK_MS: the light check's period (default 60 s; at least 500 ms).
    ...(checkMs >= 500 ? { intervalMs: checkMs, backoffBaseMs: checkMs } : {}),
    onChange: (list) => {
      if (!store.closed) bus.emit('backoffice.status.changed', list);
    },
  });
  closers.push(() => status.stop());
  const setup = createBackOfficeSetup({ ...d.setup, sources: () => effective.source });

  // 校园卡套餐 (campus/sales.ts): bills paid by a campus QR charge.
  const campusOptions = campusClientOptions(effective.config.campus);
  const campus = createCampusSales({
    store,
    now,
    bills,
    counter,
    openShiftId: shiftId,
    businessType: d.businessType,
    client: campusOptions ? createCampusClient({ ...campusOptions, now }) : null,
    channels: effective.config.campus.channels,
    changed: (sale, bill: BillView | null | undefined) => {
      if (store.closed) return;
      if (bill) bus.emit('bill.changed', bill);
      bus.emit('campus.changed', sale);
    },
    log: log.child('campus'),
  });
  closers.push(() => campus.stop());

  // 机构报名 (kesion/wiring.ts): enrollments, their counter bills, the onPaid journal hook and the
  // exactly-once confirmation worker (started by start()).
  const kesion = createKesionEnrollment({
    store,
    config: effective.config.kesion,
    now,
    log,
    bills,
    counter,
    shiftId,
    businessType: d.businessType,
    bus,
  });
  closers.push(() => kesion.close());

  // 校宝学员 (xiaobao/desk.ts): top-ups journal their posting in the paid transaction; the desk's
  // worker posts them exactly once.
  const xiaobao = createXiaobaoDesk({
    store,
    section: effective.config.xiaobao,
    settings: effective.xiaobao,
    bills,
    shifts: d.shifts,
    counter,
    bus,
    businessType: d.businessType,
    now,
    log,
  });
  closers.push(() => xiaobao.stop());

  // 校宝对账 (reconcile/): the desk's client and poster against the ERP's account changes.
  let reconciliation: Reconciliation | null = null;
  const xb = effective.xiaobao;
  if (xb.configured && xiaobao.erp) {
    reconciliation = createReconciliation({
      db: store.db,
      client: xiaobao.erp.client,
      poster: xiaobao.erp.poster,
      source: effective.source.xiaobao === 'sandbox' ? 'sandbox' : 'configured',
      now,
      onErpCall: (ok, e) => {
        const r = ok ? null : xiaobaoReason(e, 'list', xb.client.timeoutMs ?? 10_000);
        status.report('xiaobao', r && !r.ok ? { ok: false, reasonZh: r.reason, reasonEn: r.reasonEn } : { ok: true });
      },
    });
  }

  return {
    campus,
    kesion,
    xiaobao,
    status,
    setup,
    reconciliation,
    /** Resume what a restart interrupted and start the workers (after the payment engine). */
    start(): void {
      campus.resume();
      kesion.worker.start();
      xiaobao.start();
      status.start();
    },
    close(): void {
      for (const c of closers.reverse()) c();
    },
  };
}
