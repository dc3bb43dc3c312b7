import type { AppErrorData } from '../../app/result.js';
import { classifyScan, maskScanText, type ClassifyOptions } from '../../app/scan/classify.js';
import { routeScan, type CounterMode } from '../../app/scan/route.js';
import { ScanEventSchema, type RoutedScan, type ScanEvent } from '../../app/scan/types.js';
import { silentLogger, type ScanLogger } from '../../native/clock.js';

/**
 * The one scan pipeline: every source — HID scanners (native/scanner-manager), the Electron
 * keyboard wedge (main/scanners/electron-wedge) and the browser-shell wedge (a contract command)
 * — submits here, and every scan goes through the same validate → classify → route. The routed
 * result is handed to the core (`onRouted`), which acts on it. No electron, no I/O.
 *
 * `onRouted` runs synchronously inside `submit`, and `getCounterMode()` is read for every scan:
 * when the core starts a payment it must switch its mode to 'payment-live' before returning
 * from `onRouted`, so a scan right behind it is rejected here (the core's one-live-attempt lock
 * stays the authority).
 *
 * Duplicates are dropped, never routed twice:
 *  - the same text from two different sources within `crossSourceDedupeMs` (a keyboard-mode
 *    scanner read through hidraw is also typed into the window by the OS);
 *  - the same payment code again within `paymentRepeatMs` from any source (a double read). A
 *    payment code is single-use; a second attempt with it could only fail or double-charge.
 * Products scanned twice are two items and are never dropped.
 */

export interface ScanPipelineOptions {
  getCounterMode: () => CounterMode;
  classifyOptions?: ClassifyOptions | (() => ClassifyOptions);
  onRouted: (routed: RoutedScan) => void;
  log?: ScanLogger;
  /** Monotonic ms clock for duplicate windows (default performance.now). */
  now?: () => number;
  crossSourceDedupeMs?: number;
  paymentRepeatMs?: number;
}

export type SubmitOutcome =
  | { status: 'routed'; routed: RoutedScan }
  | { status: 'duplicate'; of: number }
  | { status: 'invalid'; error: AppErrorData };

export interface ScanPipelineStats {
  submitted: number;
  routed: number;
  rejected: number;
  duplicates: number;
  invalid: number;
  handlerErrors: number;
}

export interface ScanPipeline {
  /** Validate, classify, route and hand to the core. Never throws. */
  submit(event: unknown): SubmitOutcome;
  setClassifyOptions(options: ClassifyOptions): void;
  stats(): ScanPipelineStats;
}

const RECENT_MAX = 16;

interface Recent {
  text: string;
  source: ScanEvent['source'];
  payment: boolean;
  t: number;
  seq: number;
}

export function createScanPipeline(options: ScanPipelineOptions): ScanPipeline {
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => performance.now());
  const crossSourceMs = options.crossSourceDedupeMs ?? 400;
  const paymentRepeatMs = options.paymentRepeatMs ?? 1500;
  let classifyOptions = options.classifyOptions;
  let seq = 0;
  let recent: Recent[] = [];
  const stats: ScanPipelineStats = {
    submitted: 0,
    routed: 0,
    rejected: 0,
    duplicates: 0,
    invalid: 0,
    handlerErrors: 0,
  };

  const currentClassifyOptions = (): ClassifyOptions =>
    typeof classifyOptions === 'function' ? classifyOptions() : (classifyOptions ?? {});

  function submit(input: unknown): SubmitOutcome {
    stats.submitted++;
    const parsed = ScanEventSchema.safeParse(input);
    if (!parsed.success) {
      stats.invalid++;
      const issue = parsed.error.issues[0];
      return {
        status: 'invalid',
        error: {
          code: 'invalid-input',
          message: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid scan event',
        },
      };
    }
    const scan = parsed.data;

    let mode: CounterMode;
    let classified;
    try {
      mode = options.getCounterMode();
      classified = classifyScan(scan.text, currentClassifyOptions());
    } catch (e) {
      stats.handlerErrors++;
      log.error('scan pipeline: counter mode or classification failed', {
        error: e instanceof Error ? e.message : String(e),
      });
      return { status: 'invalid', error: { code: 'internal-error', message: 'scan could not be classified' } };
    }

    const t = now();
    recent = recent.filter((r) => t - r.t < Math.max(crossSourceMs, paymentRepeatMs));
    const payment = classified.category === 'payment-code';
    const dup = recent.find(
      (r) =>
        r.text === classified.text &&
        ((r.source !== scan.source && t - r.t < crossSourceMs) || (payment && r.payment && t - r.t < paymentRepeatMs)),
    );
    if (dup) {
      stats.duplicates++;
      log.info('scan dropped as duplicate', {
        of: dup.seq,
        source: scan.source,
        deviceId: scan.deviceId ?? null,
        text: maskScanText(classified.text, classified.category),
      });
      return { status: 'duplicate', of: dup.seq };
    }

    const route = routeScan(classified, mode);
    const routed: RoutedScan = { seq: ++seq, scan, classified, counterMode: mode, route };
    recent.push({ text: classified.text, source: scan.source, payment, t, seq: routed.seq });
    // Only the last few scans can be duplicates of the next one; keep the guard O(1) even under
    // a flood (a jammed trigger, a looping simulator).
    if (recent.length > RECENT_MAX) recent = recent.slice(-RECENT_MAX);
    stats.routed++;
    if (route.action === 'reject') stats.rejected++;
    log.info('scan routed', {
      seq: routed.seq,
      source: scan.source,
      deviceId: scan.deviceId ?? null,
      kind: classified.kind,
      text: maskScanText(classified.text, classified.category),
      mode,
      action: route.action,
      reason: route.reason ?? null,
    });
    try {
      options.onRouted(routed);
    } catch (e) {
      stats.handlerErrors++;
      log.error('scan pipeline: onRouted threw', {
        seq: routed.seq,
        error: e instanceof Error ? e.message : String(e),
      });
    }
    return { status: 'routed', routed };
  }

  return {
    submit,
    setClassifyOptions(o) {
      classifyOptions = o;
    },
    stats: () => ({ ...stats }),
  };
}
