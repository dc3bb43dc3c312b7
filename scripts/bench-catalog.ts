#!/usr/bin/env tsx
/**
 * `npm run bench:catalog` — product upkeep at catalog scale (issue 13, item 5). Builds a real
 * core (memory transport, a fresh SQLite ledger in a temp folder) and prints ONE JSON document
 * on stdout (progress on stderr):
 *   - import: a 50,000-row CSV through the importer as the 商品导入 tab sends it — the upload in
 *     parts (catalog.importUpload), catalog.importPreview, catalog.importApply (which also
 *     writes every item's 助记码). Target ≤ 5 s.
 *   - scan → line: the core part of a scan, from `scan.submit` of an EAN to the bill line
 *     committed in the ledger and the bill view built and pushed (the `bill.changed` event
 *     with the new line received by the transport). Rendering the DOM is not included
 *     (`npm run bench:ui` measures that part). p50/p99, target p99 ≤ 16 ms.
 *   - F5 keystroke → results: `catalog.search` (limit 20, as the dialog asks) for prefixes of
 *     codes, names and 助记码 of the 50,000 items, through dispatch (validation included).
 *     p50/p99, target p99 ≤ 30 ms.
 * Options: --items 50000 --scans 1000 --searches 1000
 */
import os from 'node:os';
import { createCore } from '../main/core.js';
import { createMemoryTransport } from '../main/handlers/memory-transport.js';
import { mnemonicOf } from '../main/catalog/mnemonic.js';
import { tempDir } from '../main/store/test-helpers.js';
import { IMPORT_PART_BYTES } from '../app/contract/catalog-import.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 50_000);
const SCANS = arg('scans', 1000);
const SEARCHES = arg('searches', 1000);
const log = (m: string) => process.stderr.write(`bench:catalog ${m}\n`);

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN).toFixed(2));
}

/** A deterministic pseudo-random sequence, so every run measures the same catalog. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const rand = rng(13);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;

const BRANDS = [
  '农夫',
  '康师傅',
  '统一',
  '可口可乐',
  '百事',
  '娃哈哈',
  '伊利',
  '蒙牛',
  '旺旺',
  '重庆',
  '银鹭',
  '乐事',
  'Oreo',
  '雀巢',
];
const GOODS = [
  '矿泉水',
  '绿茶',
  '方便面',
  '牛奶',
  '饼干',
  '薯片',
  '小面',
  '酸奶',
  '咖啡',
  '果汁',
  '门票',
  '纪念品',
  '冰红茶',
  '面包',
];
const SIZES = ['330ml', '500ml', '550ml', '1L', '100g', '200g', '', '成人', '儿童'];

function ean13(n: number): string {
  const body = `69${String(n).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

async function main() {
  const data = tempDir('cp-bench-catalog-');
  const core = await createCore({ shell: 'memory', dataDir: data.dir });
  try {
    await core.operators.add({ operatorNo: '9001', name: '王主管', role: 'supervisor', pin: '246810' });
    const api = createMemoryTransport(core.dispatch, core.bus, 'bench');
    const must = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> => {
      const r = await p;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value;
    };
    await must(api.invoke('session.signIn', { operatorNo: '9001', pin: '246810' }));
    await must(api.invoke('shift.open', { floatFen: 0 }));

    // ── the catalog file ──
    const items: { code: string; name: string }[] = [];
    const lines = ['编码,名称,价格(元),业务类型,快捷键,启用'];
    for (let i = 0; i < ITEMS; i++) {
      const code = ean13(1_000_000 + i * 7);
      const name = `${pick(BRANDS)}${pick(GOODS)}${pick(SIZES)}${i % 97}`;
      items.push({ code, name });
      lines.push(`${code},${name},${(1 + Math.floor(rand() * 9999)) / 100},2,,1`);
    }
    const file = Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
    log(`${ITEMS} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB; importing`);

    const t0 = performance.now();
    let uploadId: string | undefined;
    for (let offset = 0; offset < file.length; offset += IMPORT_PART_BYTES) {
      const part = file.subarray(offset, offset + IMPORT_PART_BYTES);
      const r = await must(
        api.invoke('catalog.importUpload', {
          ...(uploadId ? { uploadId } : {}),
          fileName: 'catalog.csv',
          totalBytes: file.length,
          offset,
          contentBase64: part.toString('base64'),
        }),
      );
      uploadId = r.uploadId;
    }
    const t1 = performance.now();
    const preview = await must(
      api.invoke('catalog.importPreview', { uploadId: uploadId!, fileName: 'catalog.csv', mode: 'merge' }),
    );
    const t2 = performance.now();
    if (!preview.canApply) throw new Error(`preview cannot apply: ${JSON.stringify(preview.errors.slice(0, 3))}`);
    const applied = await must(api.invoke('catalog.importApply', { previewId: preview.previewId }));
    const t3 = performance.now();
    log(`imported ${applied.activeItems} items in ${(t3 - t0).toFixed(0)} ms`);

    // ── scan → bill line committed and the bill view pushed ──
    const scanMs: number[] = [];
    let billId: number | null = null;
    let waiter: ((n: number) => void) | null = null;
    api.on('bill.changed', (b) => {
      if (b.status === 'open') billId = b.id;
      waiter?.(b.lines.length);
    });
    for (let i = 0; i < SCANS; i++) {
      // A bill of up to 30 lines, as at a busy counter; then the next bill.
      if (i % 30 === 0 && billId !== null) {
        await must(api.invoke('bill.cancel', { billId }));
        billId = null;
      }
      const code = pick(items).code;
      const s = performance.now();
      const seen = new Promise<number>((resolve) => (waiter = resolve));
      const outcome = await must(api.invoke('scan.submit', { text: code, source: 'keyboard-wedge' }));
      await seen;
      scanMs.push(performance.now() - s);
      waiter = null;
      if (outcome.action !== 'add-product') throw new Error(`scan routed to ${outcome.action}: ${outcome.zh}`);
    }
    log(`scans done (${SCANS})`);

    // ── F5 search ──
    const searchMs: number[] = [];
    const kinds = { code: 0, name: 0, mnemonic: 0 };
    let empty = 0;
    for (let i = 0; i < SEARCHES; i++) {
      const it = pick(items);
      const kind = (['code', 'name', 'mnemonic'] as const)[i % 3]!;
      kinds[kind]++;
      const len = 1 + (i % 4);
      const query =
        kind === 'code'
          ? it.code.slice(0, 2 + len * 2)
          : kind === 'name'
            ? [...it.name].slice(0, len).join('')
            : mnemonicOf(it.name).slice(0, len);
      const s = performance.now();
      const r = await must(api.invoke('catalog.search', { query, limit: 20 }));
      searchMs.push(performance.now() - s);
      if (r.items.length === 0) empty++;
    }
    log(`searches done (${SEARCHES}, ${empty} empty)`);

    const result = {
      bench: 'catalog',
      items: applied.activeItems,
      /** The figures' tails follow the machine's load (1-minute load average, over the CPUs). */
      machine: { cpus: os.cpus().length, loadAverage1m: Number(os.loadavg()[0]!.toFixed(2)) },
      import: {
        rows: ITEMS,
        fileMb: Number((file.length / 1024 / 1024).toFixed(2)),
        uploadMs: Math.round(t1 - t0),
        previewMs: Math.round(t2 - t1),
        applyMs: Math.round(t3 - t2),
        totalMs: Math.round(t3 - t0),
        targetMs: 5000,
        ok: t3 - t0 <= 5000,
      },
      scanToLine: {
        measured: 'scan.submit of an EAN → line committed → bill.changed (bill view) received; DOM not included',
        n: scanMs.length,
        p50Ms: pct(scanMs, 50),
        p99Ms: pct(scanMs, 99),
        maxMs: pct(scanMs, 100),
        targetP99Ms: 16,
        ok: pct(scanMs, 99) <= 16,
      },
      search: {
        measured: 'catalog.search (limit 20) through dispatch; prefixes of code, name and 助记码',
        n: searchMs.length,
        queries: kinds,
        empty,
        p50Ms: pct(searchMs, 50),
        p99Ms: pct(searchMs, 99),
        maxMs: pct(searchMs, 100),
        targetP99Ms: 30,
        ok: pct(searchMs, 99) <= 30,
      },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await core.close();
    data.cleanup();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:catalog failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
