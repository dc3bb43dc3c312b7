/**
 * Scanner path latency: decode (HID reports → text) + classify + route, per scan, over 10,000
 * recorded-style scans (payment codes, products, stored-value cards, long QR codes split over
 * continued reports; Honeywell, Newland and boot-keyboard report layouts). Also measures the
 * whole main-process pipeline (zod validation, duplicate guard, routing) per scan.
 *
 * Prints ONE JSON document on stdout; logs go to stderr. Target: p99 ≤ 1 ms.
 * Run: npm run bench:scanner   (SCANS=50000 npm run bench:scanner for a longer run)
 */
import { cpus } from 'node:os';
import { gs1CheckDigit, classifyScan } from '../app/scan/classify.js';
import { routeScan, type CounterMode } from '../app/scan/route.js';
import { createScanPipeline } from '../main/scanners/scan-pipeline.js';
import { toHex } from '../native/decode/bytes.js';
import { encodeHoneywellReports, encodeKeyboardReports, encodeNewlandReports } from '../native/decode/encode.js';
import { createHidPosDecoder } from '../native/decode/hid-pos.js';
import { createKeyboardDecoder } from '../native/decode/keyboard.js';
import { seededRandom } from '../app/random.js';

const SCANS = Math.max(1000, Number(process.env['SCANS'] ?? 10_000));
const WARMUP = 2000;
const CARD_PATTERN = 'VIP\\d{7}';

const rnd = seededRandom(42);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');

type Layout = 'honeywell' | 'newland' | 'keyboard';
interface Recorded {
  layout: Layout;
  reports: Uint8Array[];
  kind: string;
}

function makeScan(): Recorded {
  const r = rnd();
  let text: string;
  let kind: string;
  if (r < 0.2) [text, kind] = [`1${1 + Math.floor(rnd() * 5)}${digits(16)}`, 'wechat'];
  else if (r < 0.35) [text, kind] = [`28${digits(16)}`, 'alipay'];
  else if (r < 0.4) [text, kind] = [`62${digits(17)}`, 'unionpay'];
  else if (r < 0.8) {
    const data = `69${digits(10)}`;
    [text, kind] = [data + gs1CheckDigit(data), 'ean13'];
  } else if (r < 0.9) [text, kind] = [`VIP${digits(7)}`, 'card'];
  else [text, kind] = [`https://qr.alipay.com/${digits(40)}?t=${digits(13)}`, 'unknown'];
  const lr = rnd();
  const layout: Layout = kind === 'card' ? 'keyboard' : lr < 0.5 ? 'honeywell' : 'newland';
  const reports =
    layout === 'honeywell'
      ? encodeHoneywellReports(text, { aim: kind === 'ean13' ? ']E0' : ']Q1', codeId: kind === 'ean13' ? 'd' : 's' })
      : layout === 'newland'
        ? encodeNewlandReports(text, { codeId: 'Q' })
        : encodeKeyboardReports(text);
  return { layout, reports, kind };
}

const dataset = Array.from({ length: SCANS + WARMUP }, makeScan);
const modes: CounterMode[] = ['building', 'awaiting-payment', 'recharge-card', 'idle'];
const decoders = {
  honeywell: createHidPosDecoder({ layout: 'honeywell' }),
  newland: createHidPosDecoder({ layout: 'newland' }),
  keyboard: createKeyboardDecoder(),
};

function percentile(sorted: Float64Array, p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function summarise(samples: Float64Array) {
  const s = Float64Array.from(samples).sort();
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    p50: r(percentile(s, 50)),
    p90: r(percentile(s, 90)),
    p99: r(percentile(s, 99)),
    p999: r(percentile(s, 99.9)),
    max: r(s[s.length - 1]!),
    mean: r(mean),
  };
}

// 1. decode + classify + route
const core = new Float64Array(SCANS);
const kinds: Record<string, number> = {};
let mismatches = 0;
let t = 0;
for (let i = 0; i < dataset.length; i++) {
  const rec = dataset[i]!;
  const dec = decoders[rec.layout];
  t += 50;
  const start = process.hrtime.bigint();
  let text: string | null = null;
  for (const rep of rec.reports) {
    const res = dec.push(rep, t);
    if (res.scans.length > 0) text = res.scans[0]!.text;
  }
  const classified = classifyScan(text ?? '', { cardPattern: CARD_PATTERN });
  const route = routeScan(classified, modes[i % modes.length]!);
  const end = process.hrtime.bigint();
  if (i >= WARMUP) {
    core[i - WARMUP] = Number(end - start) / 1e6;
    kinds[classified.kind] = (kinds[classified.kind] ?? 0) + 1;
    if (classified.kind !== rec.kind) mismatches++;
  }
  if (!route.beep) throw new Error('unreachable');
}

// 2. the main-process pipeline per scan (validation, duplicate guard, classify, route, handler)
const pipeline = createScanPipeline({
  getCounterMode: () => 'building',
  classifyOptions: { cardPattern: CARD_PATTERN },
  onRouted: () => {},
});
const events = dataset.map((rec, i) => ({
  text: (() => {
    const dec = rec.layout === 'keyboard' ? createKeyboardDecoder() : createHidPosDecoder({ layout: rec.layout });
    for (const rep of rec.reports) {
      const res = dec.push(rep, 0);
      if (res.scans.length > 0) return res.scans[0]!.text;
    }
    return 'x';
  })(),
  source: rec.layout === 'keyboard' ? ('hid-keyboard' as const) : ('hid-pos' as const),
  deviceId: `bench:${i % 3}`,
  raw: rec.reports.slice(0, 64).map(toHex),
  at: 1_763_700_000_000 + i,
}));
const pipe = new Float64Array(SCANS);
for (let i = 0; i < events.length; i++) {
  const start = process.hrtime.bigint();
  pipeline.submit(events[i]);
  const end = process.hrtime.bigint();
  if (i >= WARMUP) pipe[i - WARMUP] = Number(end - start) / 1e6;
}

const coreStats = summarise(core);
const pipeStats = summarise(pipe);
const doc = {
  benchmark: 'scanner-decode-classify-route',
  figure: 'p99 latency per scan',
  value: coreStats.p99,
  unit: 'ms',
  target: { p99LessOrEqual: 1 },
  pass: coreStats.p99 <= 1,
  dataSize: { scans: SCANS, warmup: WARMUP, reports: dataset.slice(WARMUP).reduce((n, r) => n + r.reports.length, 0) },
  decodeClassifyRoute: coreStats,
  pipelineSubmit: { ...pipeStats, note: 'zod validation + duplicate guard + classify + route, per ScanEvent' },
  mix: kinds,
  classificationMismatches: mismatches,
  environment: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
};
process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
process.stderr.write(
  `bench:scanner p50=${coreStats.p50} ms p99=${coreStats.p99} ms over ${SCANS} scans (pipeline p99=${pipeStats.p99} ms)\n`,
);
if (mismatches > 0) process.exitCode = 1;
