import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { SCAN_HOLD_MS, type ScanOutcome } from '../../app/contract/core.js';
import type { LiveReport, PairingView, ScannerStatusView } from '../../app/contract/scanner.js';
import { AppError } from '../../app/result.js';
import { classifyScan } from '../../app/scan/classify.js';
import { checkScannerConfig, mergeScannerConfig } from '../../app/scan/config-check.js';
import { ScannerConfigSchema, type ScannerConfig } from '../../app/scan/config.js';
import { makePairingCode, matchesPairingCode } from '../../app/scan/pairing.js';
import type { CounterMode } from '../../app/scan/route.js';
import type { RoutedScan } from '../../app/scan/types.js';
import { systemClock, type ScanLogger } from '../../native/clock.js';
import type { HidBackend, HidBackendLoad, Unsubscribe } from '../../native/hid/types.js';
import type { CounterScanActor, ScanContext, ScanDesk, ScanDeskOptions } from './scan-desk-types.js';
import { createScannerService } from './scanner-service.js';
import { simulate, simulatedDevices } from './simulated-scans.js';

/**
 * The scanner desk: the core's one scan pipeline (main/scanners/scanner-service) put to work
 * at the counter. Every scan — HID scanners, the Electron before-input-event wedge, the
 * browser-shell wedge (`scan.submit`) — is routed in the counter mode the core derives, acted on
 * by the counter's scan actor (pay / add product / set card), and pushed to every screen as
 * `scan.routed` with its beep. On top of that it runs the scanner settings screen:
 *
 *  - test mode: while the screen holds a lease (`testMode(true)`, renewed), the counter mode is
 *    'pairing' — every scan is shown in the live view (`scanner.report`) and NEVER acts on a bill;
 *  - pairing: a one-time code shown as a barcode; the HID scanner that reads it is paired
 *    (config persisted); in paired-only mode every scanner is opened while the code is shown;
 *  - config: checked (app/scan/config-check.ts), applied to the HID manager, the pipeline and the
 *    Electron wedges, persisted in the ledger settings (`scanner.config`), pushed as `scanner.config`;
 *  - status: `scanner.status` on every connect / disconnect / mode change;
 *  - the simulated backend for the developer menu and e2e.
 */

export * from './scan-desk-types.js';

const TEXT = {
  testScan: { zh: '测试扫码：已读取，不会收款或加入账单', en: 'Test scan: read; nothing is charged or added' },
  paired: (d: string) => ({ zh: `扫码枪已配对：${d}`, en: `Scanner paired: ${d}` }),
  keyboard: {
    zh: '键盘模式的扫码枪无需配对，已可直接使用',
    en: 'A keyboard-mode scanner needs no pairing; it works as it is',
  },
  duplicate: { zh: '同一付款码重复读取，已忽略', en: 'The same payment code was read again and ignored' },
  notAttached: { zh: '收银台尚未就绪', en: 'The counter is not ready yet' },
} as const;

const IDLE_PAIRING: PairingView = { state: 'idle', code: null, expiresAt: null, deviceId: null, device: null };

export function createScanDesk(options: ScanDeskOptions): ScanDesk {
  const { bus, backend } = options;
  const log = options.log;
  const clock = options.clock ?? systemClock;
  const random = options.randomBytes ?? ((n: number) => new Uint8Array(nodeRandomBytes(n)));
  const testTtlMs = options.testTtlMs ?? 30_000;
  const pairingTtlMs = options.pairingTtlMs ?? 120_000;
  const holdMs = options.holdMs ?? SCAN_HOLD_MS;
  const scanLog: ScanLogger = {
    info: (m, d) => log.info(m, d),
    warn: (m, d) => log.warn(m, d),
    error: (m, d) => log.error(m, d),
  };

  let actor: CounterScanActor | null = null;
  let testUntil: number | null = null;
  let testTimer: unknown = null;
  let pairing: PairingView = IDLE_PAIRING;
  let pairingTimer: unknown = null;
  let reportUnsub: Unsubscribe | null = null;
  let started = false;
  const outcomes = new Map<number, ScanOutcome>();
  /** The one payment code waiting for a typed amount (memory only, never logged in clear). */
  let held: { token: string; classified: RoutedScan['classified']; at: number } | null = null;

  const initial = loadConfig();
  const hidBackend: HidBackend | (() => Promise<HidBackendLoad>) | 'simulated' =
    backend === 'simulated'
      ? 'simulated'
      : backend === 'off'
        ? async () => ({
            ok: false,
            reason: 'HID scanning is off (COUNTERPAY_SCANNER=off); keyboard-mode scanners still work',
          })
        : (options.hidBackend ??
          (async () => (await import('../../native/hid/node-hid-backend.js')).loadNodeHidBackend()));

  const service = createScannerService({
    getCounterMode,
    onRouted,
    config: initial,
    log: scanLog,
    backend: hidBackend,
    clock,
  });

  function loadConfig(): ScannerConfig {
    try {
      const raw = options.store.load();
      const parsed = ScannerConfigSchema.safeParse(raw ?? {});
      if (parsed.success) return parsed.data;
      log.warn('scanner.config-invalid', {
        issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    } catch (e) {
      log.warn('scanner.config-unreadable', { error: e instanceof Error ? e.message : String(e) });
    }
    return ScannerConfigSchema.parse({});
  }

  const testing = (): boolean => testUntil !== null && clock.now() < testUntil;
  const pairingWaiting = (): boolean =>
    pairing.state === 'waiting' && pairing.expiresAt !== null && clock.now() < pairing.expiresAt;

  /** Set only while `submitWedge` routes a scan that came with a typed amount (one synchronous step). */
  let scanContext: ScanContext = { typedAmountFen: null };

  function getCounterMode(): CounterMode {
    // The settings screen takes every scan while it is open: a test scan must never pay.
    if (testing() || pairingWaiting()) return 'pairing';
    return actor ? actor.mode(scanContext) : 'locked';
  }

  function status(): ScannerStatusView {
    return { ...service.status(), backend, testing: testing(), pairing: pairingWaiting() };
  }

  function pushStatus(): void {
    bus.emit('scanner.status', status());
  }

  function pushPairing(): void {
    bus.emit('scanner.pairing', { ...pairing });
  }

  /** Raw reports flow to the live view only while it is shown (hex is computed only then). */
  function syncReportFeed(): void {
    const want = testing() || pairingWaiting();
    if (want && !reportUnsub) {
      reportUnsub = service.onReport((r) => {
        bus.emit('scanner.report', {
          type: 'report',
          deviceId: r.deviceId,
          hex: r.hex.slice(0, 4096),
          decoded: r.decoded,
          issue: r.issue,
          at: r.at,
        });
      });
    } else if (!want && reportUnsub) {
      reportUnsub();
      reportUnsub = null;
    }
  }

  function deviceLabel(deviceId: string): string {
    const c = service.status().connected.find((d) => d.deviceId === deviceId);
    return c ? [c.vendorName, c.product].filter(Boolean).join(' · ') || deviceId : deviceId;
  }

  function endPairing(state: 'expired' | 'cancelled' | 'paired' | 'keyboard', extra: Partial<PairingView> = {}): void {
    if (pairingTimer !== null) clock.clearTimeout(pairingTimer);
    pairingTimer = null;
    pairing = { ...pairing, ...extra, state, expiresAt: null };
    if (state !== 'paired') {
      // Pairing may have opened every scanner (paired-only mode): back to the saved config.
      void service.manager
        .setConfig(service.config().hid)
        .catch((e: unknown) => log.error('scanner.restore-config-failed', { error: String(e) }));
    }
    syncReportFeed();
    pushPairing();
    pushStatus();
  }

  function onPairScan(routed: RoutedScan): ScanOutcome {
    const base = { kind: routed.classified.kind };
    const isCode =
      pairing.code !== null &&
      (matchesPairingCode(routed.scan.text, pairing.code) || matchesPairingCode(routed.classified.text, pairing.code));
    if (!isCode || !pairingWaiting()) {
      return { action: 'pair', ...base, reason: 'test', ...TEXT.testScan };
    }
    const deviceId = routed.scan.deviceId ?? null;
    if (routed.scan.source === 'keyboard-wedge' || deviceId === null) {
      endPairing('keyboard', { deviceId });
      return { action: 'pair', ...base, reason: 'keyboard', ...TEXT.keyboard };
    }
    const device = deviceLabel(deviceId);
    endPairing('paired', { deviceId, device });
    void service
      .pair(deviceId)
      .then((cfg) => {
        options.store.save(cfg, null);
        bus.emit('scanner.config', cfg);
        log.info('scanner.paired', { deviceId });
      })
      .catch((e: unknown) =>
        log.error('scanner.pair-failed', { deviceId, error: e instanceof Error ? e.message : String(e) }),
      );
    return { action: 'pair', ...base, reason: 'paired', ...TEXT.paired(device) };
  }

  function onRouted(routed: RoutedScan): void {
    let outcome: ScanOutcome;
    if (routed.route.action === 'pair') outcome = onPairScan(routed);
    else if (actor) outcome = actor.act(routed, scanContext);
    else outcome = { action: 'reject', kind: routed.classified.kind, reason: 'locked', ...TEXT.notAttached };
    outcome = { ...outcome, beep: outcome.action === 'reject' ? 'error' : 'ok' };
    // A payment code at an empty counter, from any scanner: the amount may still be in the
    // entry field of a screen (typed, Enter not pressed). Hold the code briefly for it.
    if (
      actor &&
      outcome.action === 'reject' &&
      routed.classified.category === 'payment-code' &&
      routed.counterMode === 'idle' &&
      scanContext.typedAmountFen === null
    ) {
      const token = Array.from(random(12), (b) => b.toString(16).padStart(2, '0')).join('');
      held = { token, classified: routed.classified, at: clock.now() };
      outcome = { ...outcome, held: token };
    }

    if (routed.counterMode === 'pairing') {
      const live: LiveReport = {
        type: 'scan',
        seq: routed.seq,
        source: routed.scan.source,
        deviceId: routed.scan.deviceId ?? null,
        text: routed.classified.text.slice(0, 4096),
        kind: routed.classified.kind,
        category: routed.classified.category,
        symbology: routed.scan.symbology ?? routed.classified.aim ?? null,
        pairing: outcome.reason === 'paired' || outcome.reason === 'keyboard',
        at: routed.scan.at,
      };
      bus.emit('scanner.report', live);
    }
    outcomes.set(routed.seq, outcome);
    if (outcomes.size > 32) outcomes.delete(outcomes.keys().next().value!);
    bus.emit('scan.routed', outcome);
  }

  async function applyAndSave(next: Record<string, unknown>, by: string | null): Promise<ScannerConfig> {
    const issues = checkScannerConfig(next);
    if (issues.length > 0) {
      const first = issues[0]!;
      throw new AppError('invalid-input', first.en, {
        field: first.field,
        ...(first.limit !== undefined ? { limit: first.limit } : {}),
        zh: first.zh,
        issues,
      });
    }
    const cfg = await service.applyConfig({
      ...next,
      cardPattern: (next['cardPattern'] as string | undefined) ?? undefined,
    });
    options.store.save(cfg, by);
    bus.emit('scanner.config', cfg);
    if (pairingWaiting()) await service.manager.setConfig({ mode: 'auto' });
    return cfg;
  }

  return {
    backend,
    service,
    attach(a) {
      actor = a;
    },
    async start() {
      if (started) return;
      started = true;
      service.onStatus(() => pushStatus());
      await service.start();
      log.info('scanner.started', { backend, hid: service.status().hid, hidError: service.status().hidError });
    },
    async stop() {
      if (testTimer !== null) clock.clearTimeout(testTimer);
      if (pairingTimer !== null) clock.clearTimeout(pairingTimer);
      testTimer = pairingTimer = null;
      reportUnsub?.();
      reportUnsub = null;
      await service.stop();
    },
    submitWedge(input) {
      // The typed amount belongs to this scan only: routing and acting on it happen inside this
      // synchronous call, so no other scan or command can come between the amount and the payment.
      scanContext = { typedAmountFen: input.amountFen ?? null };
      let r: ReturnType<typeof service.submitWedgeScan>;
      try {
        r = service.submitWedgeScan({ text: input.text, at: clock.now() });
      } finally {
        scanContext = { typedAmountFen: null };
      }
      if (r.status === 'invalid') throw new AppError(r.error.code, r.error.message, r.error.details);
      if (r.status === 'duplicate') {
        return { action: 'reject', kind: classifyScan(input.text).kind, reason: 'duplicate', ...TEXT.duplicate };
      }
      const outcome = outcomes.get(r.routed.seq);
      if (!outcome) throw new AppError('internal-error', 'the scan was routed but has no outcome');
      return outcome;
    },
    collectHeld(input) {
      const h = held;
      if (!h || h.token !== input.token || clock.now() - h.at > holdMs) {
        throw new AppError('scan-misplaced', 'no payment code is waiting for an amount (scan it again)', {
          field: 'token',
        });
      }
      held = null;
      if (!actor) throw new AppError('scan-misplaced', 'the counter is not ready', { field: 'token' });
      const context: ScanContext = { typedAmountFen: input.amountFen };
      const mode = actor.mode(context);
      if (mode !== 'building') {
        throw new AppError('scan-misplaced', `the counter is ${mode}: the held payment code was not used`, {
          field: 'token',
          mode,
        });
      }
      let outcome = actor.act({ classified: h.classified, route: { action: 'pay', beep: 'ok' } }, context);
      outcome = { ...outcome, beep: outcome.action === 'reject' ? 'error' : 'ok' };
      log.info('scan.held-collected', { action: outcome.action, reason: outcome.reason, amountFen: input.amountFen });
      bus.emit('scan.routed', outcome);
      return outcome;
    },
    createElectronWedge: (host) => service.createElectronWedge(host),
    status,
    devices: (refresh = false) => service.listDevices({ refresh }),
    config: () => service.config(),
    async setConfig(edit, by) {
      return applyAndSave(mergeScannerConfig(service.config(), edit as Record<string, unknown>), by);
    },
    testMode(on) {
      if (testTimer !== null) clock.clearTimeout(testTimer);
      testTimer = null;
      const was = testing();
      if (on) {
        testUntil = clock.now() + testTtlMs;
        testTimer = clock.setTimeout(() => {
          testTimer = null;
          testUntil = null;
          log.info('scanner.test-mode-expired');
          syncReportFeed();
          pushStatus();
        }, testTtlMs);
      } else {
        testUntil = null;
      }
      syncReportFeed();
      if (was !== testing()) {
        log.info(on ? 'scanner.test-mode-on' : 'scanner.test-mode-off');
        pushStatus();
      }
      return { testing: testing(), until: testUntil, ttlMs: testTtlMs };
    },
    pairStart() {
      if (pairingTimer !== null) clock.clearTimeout(pairingTimer);
      const code = makePairingCode(random(8));
      const expiresAt = clock.now() + pairingTtlMs;
      pairing = { state: 'waiting', code, expiresAt, deviceId: null, device: null };
      pairingTimer = clock.setTimeout(() => {
        pairingTimer = null;
        if (pairing.state === 'waiting' && pairing.code === code) endPairing('expired');
      }, pairingTtlMs);
      // In paired-only mode no unpaired scanner is open: open them all while the code is shown.
      if (service.config().hid.mode === 'paired-only') {
        void service.manager
          .setConfig({ mode: 'auto' })
          .catch((e: unknown) => log.error('scanner.pairing-open-failed', { error: String(e) }));
      }
      log.info('scanner.pairing-started', { expiresAt });
      syncReportFeed();
      pushPairing();
      pushStatus();
      return { ...pairing };
    },
    pairCancel() {
      if (pairing.state === 'waiting') endPairing('cancelled');
      return { ...pairing };
    },
    pairing() {
      if (pairing.state === 'waiting' && !pairingWaiting()) endPairing('expired');
      return { ...pairing };
    },
    async unpair(deviceId, by) {
      const cfg = await service.unpair(deviceId);
      options.store.save(cfg, by);
      bus.emit('scanner.config', cfg);
      return cfg;
    },
    simulatedDevices: () => simulatedDevices(service),
    simulate: (input) => simulate(service, input),
  };
}
