import { DENOMINATIONS_FEN } from './cash.js';
import { formatCount, formatDenomination, formatHour, formatMoney, formatReportTime, localDay, localHourOfDay } from './format.js';
import { reportLabel, type ReportLabelKey, type ReportLocale } from './labels.js';
import { BILL_KINDS, TENDER_KINDS, type ReportData, type ReportHour, type ReportTenderKind } from './schema.js';

/**
 * The report as every output shows it: headline figures, then sections of rows. Built once
 * from ReportData by `buildReportView()`; the screen renders it, the print view prints it,
 * the CSV and XLSX writers write it. Every money cell keeps its exact value in fen next to
 * the text, so an export writes numbers (not text) and a test can compare any output with
 * the screen cell by cell.
 */

export type CellType = 'text' | 'money' | 'count';

export type ReportCell =
  | { type: 'money'; value: number; text: string }
  | { type: 'count'; value: number; text: string }
  | { type: 'text'; value: string; text: string };

export interface ReportColumn {
  key: string;
  label: string;
  type: CellType;
}

export interface ReportRow {
  /** Stable within its section (a tender kind, an operator number, 'total', …). */
  key: string;
  cells: ReportCell[];
  emphasis?: 'total' | 'warn';
}

export interface ReportSection {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
}

export interface ReportFigure {
  id: string;
  label: string;
  cell: ReportCell;
  tone: 'normal' | 'ok' | 'warn' | 'bad';
}

export interface ReportMeta {
  key: string;
  label: string;
  text: string;
}

/** One stacked bar of the by-hour chart. */
export interface ChartHourBar {
  key: string;
  label: string;
  /** Net fen per tender kind in this hour. */
  byKind: Record<ReportTenderKind, number>;
  totalFen: number;
  count: number;
}

export interface ReportChart {
  hours: ChartHourBar[];
  /** Whether hours of different days were folded into hours of the day (range reports). */
  foldedByHourOfDay: boolean;
  tenders: { kind: ReportTenderKind; label: string; netFen: number; count: number }[];
}

export interface ReportView {
  locale: ReportLocale;
  kind: ReportData['kind'];
  title: string;
  meta: ReportMeta[];
  figures: ReportFigure[];
  warnings: string[];
  sections: ReportSection[];
  chart: ReportChart;
  /** The data the view was built from (the exports keep the terminal and times from it). */
  data: ReportData;
}

export interface BuildViewOptions {
  locale?: ReportLocale;
  /** For a Z report whose ledger changed after it was issued (see report.z). */
  amended?: boolean;
}

/** −n without a negative zero. */
const neg = (n: number): number => (n === 0 ? 0 : -n);
const money = (fen: number): ReportCell => ({ type: 'money', value: fen === 0 ? 0 : fen, text: formatMoney(fen) });
const count = (n: number): ReportCell => ({ type: 'count', value: n, text: formatCount(n) });
const text = (s: string): ReportCell => ({ type: 'text', value: s, text: s });

function ageText(locale: ReportLocale, ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return reportLabel(locale, 'unit.minutes', { n: minutes });
  return reportLabel(locale, 'unit.hours', { n: Math.floor(minutes / 60) });
}

/** Fold tenders by hour: per local hour (one shift, one day), or per hour of day (longer periods). */
export function chartHours(data: ReportData, locale: ReportLocale = 'zh-CN'): { bars: ChartHourBar[]; folded: boolean } {
  void locale;
  const off = data.utcOffsetMinutes;
  const days = new Set(data.hours.map((h) => localDay(h.hourStart, off)));
  const fold = data.kind === 'range' && days.size > 1;
  const multiDay = !fold && days.size > 1;
  const bars = new Map<number, ChartHourBar>();
  const keyOf = (h: ReportHour): number => (fold ? localHourOfDay(h.hourStart, off) : h.hourStart);
  for (const h of data.hours) {
    const k = keyOf(h);
    let bar = bars.get(k);
    if (!bar) {
      const label = fold ? `${String(k).padStart(2, '0')}:00` : formatHour(h.hourStart, off, multiDay);
      bar = { key: String(k), label, byKind: { barcode: 0, cash: 0, 'stored-value': 0 }, totalFen: 0, count: 0 };
      bars.set(k, bar);
    }
    bar.byKind[h.kind] += h.amountFen;
    bar.totalFen += h.amountFen;
    bar.count += h.count;
  }
  return { bars: [...bars.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b), folded: fold };
}

/** Build the view of a report. Pure and deterministic: the same data gives the same view. */
export function buildReportView(data: ReportData, opts: BuildViewOptions = {}): ReportView {
  const locale = opts.locale ?? 'zh-CN';
  const L = (key: ReportLabelKey, params?: Record<string, string | number>) => reportLabel(locale, key, params);
  const off = data.utcOffsetMinutes;
  const time = (ms: number) => formatReportTime(ms, off);
  const col = (key: string, label: ReportLabelKey, type: CellType): ReportColumn => ({ key, label: L(label), type });

  // ── meta ──
  const meta: ReportMeta[] = [{ key: 'terminal', label: L('meta.terminal'), text: data.terminalNo }];
  if (data.kind !== 'range' && data.shifts[0]) {
    const s = data.shifts[0];
    meta.push({ key: 'shift', label: L('meta.shift'), text: `#${s.id}` });
    meta.push({ key: 'openedBy', label: L('meta.openedBy'), text: s.operatorNo });
    if (s.closedBy) meta.push({ key: 'closedBy', label: L('meta.closedBy'), text: s.closedBy });
  } else {
    meta.push({ key: 'shifts', label: L('meta.shifts'), text: formatCount(data.shifts.length) });
  }
  const stillOpen = data.kind === 'x' || data.shifts.some((s) => s.status === 'open');
  meta.push({
    key: 'period',
    label: L('meta.period'),
    text: `${time(data.period.from)} – ${time(data.period.to)}${data.kind === 'x' && stillOpen ? ` ${L('meta.stillOpen')}` : ''}`,
  });
  if (data.bills.firstBillNo) {
    meta.push({ key: 'bills', label: L('meta.bills'), text: `${data.bills.firstBillNo} – ${data.bills.lastBillNo ?? ''}` });
  }
  meta.push({ key: 'generated', label: L('meta.generated'), text: time(data.generatedAt) });
  if (data.generatedBy) meta.push({ key: 'generatedBy', label: L('meta.generatedBy'), text: data.generatedBy });

  // ── headline figures ──
  const payments = data.tenders.reduce((s, t) => s + t.salesCount, 0);
  const figures: ReportFigure[] = [
    { id: 'net', label: L('fig.net'), cell: money(data.netFen), tone: 'normal' },
    { id: 'paidBills', label: L('fig.paidBills'), cell: count(payments), tone: 'normal' },
    { id: 'refunds', label: L('fig.refunds'), cell: money(neg(data.refunds.totalFen)), tone: data.refunds.count > 0 ? 'warn' : 'normal' },
    { id: 'expectedCash', label: L('fig.expectedCash'), cell: money(data.cash.expectedFen), tone: 'normal' },
  ];
  if (data.cash.countedFen !== null) {
    figures.push({ id: 'countedCash', label: L('fig.countedCash'), cell: money(data.cash.countedFen), tone: 'normal' });
    const diff = data.cash.differenceFen ?? 0;
    figures.push({ id: 'difference', label: L('fig.difference'), cell: money(diff), tone: diff === 0 ? 'ok' : 'bad' });
  }
  figures.push({ id: 'unconfirmed', label: L('fig.unconfirmed'), cell: count(data.payments.openCount), tone: data.payments.openCount > 0 ? 'bad' : 'ok' });
  figures.push({ id: 'outbox', label: L('fig.outbox'), cell: count(data.outbox.depth), tone: data.outbox.failing > 0 ? 'warn' : 'normal' });

  // ── warnings ──
  const warnings: string[] = [];
  if (opts.amended) warnings.push(L('warn.amended'));
  if (data.payments.openCount > 0) warnings.push(L('warn.unconfirmed', { n: data.payments.openCount }));
  if (data.outbox.failing > 0) warnings.push(L('warn.outbox', { n: data.outbox.failing }));
  if (data.cash.differenceFen !== null && data.cash.differenceFen !== 0) warnings.push(L('warn.difference', { amount: formatMoney(data.cash.differenceFen) }));

  const sections: ReportSection[] = [];

  // ── by tender: every kind, always ──
  {
    const rows: ReportRow[] = TENDER_KINDS.map((kind) => {
      const t = data.tenders.find((x) => x.kind === kind) ?? { salesCount: 0, salesFen: 0, refundCount: 0, refundFen: 0, netFen: 0 };
      return {
        key: kind,
        cells: [text(L(`tender.${kind}`)), count(t.salesCount), money(t.salesFen), count(t.refundCount), money(t.refundFen), money(t.netFen)],
      };
    });
    const sum = (i: number) => rows.reduce((s, r) => s + (r.cells[i]!.value as number), 0);
    rows.push({ key: 'total', emphasis: 'total', cells: [text(L('row.total')), count(sum(1)), money(sum(2)), count(sum(3)), money(sum(4)), money(sum(5))] });
    sections.push({
      id: 'tenders',
      title: L('sec.tenders'),
      columns: [
        col('tender', 'col.tender', 'text'),
        col('salesCount', 'col.salesCount', 'count'),
        col('sales', 'col.sales', 'money'),
        col('refundCount', 'col.refundCount', 'count'),
        col('refund', 'col.refund', 'money'),
        col('net', 'col.net', 'money'),
      ],
      rows,
    });
  }

  // ── cash drawer: the rows add up to the expected cash ──
  {
    const c = data.cash;
    const rows: ReportRow[] = [
      { key: 'float', cells: [text(L('cash.float')), money(c.floatFen)] },
      { key: 'tendered', cells: [text(L('cash.tendered')), money(c.tenderedFen)] },
      { key: 'change', cells: [text(L('cash.change')), money(neg(c.changeFen))] },
      { key: 'refund', cells: [text(L('cash.refund')), money(c.refundFen)] },
      { key: 'in', cells: [text(L('cash.in')), money(c.inFen)] },
      { key: 'out', cells: [text(L('cash.out')), money(neg(c.outFen))] },
      { key: 'expected', emphasis: 'total', cells: [text(L('cash.expected')), money(c.expectedFen)] },
    ];
    if (c.countedFen !== null) {
      rows.push({ key: 'counted', cells: [text(L('cash.counted')), money(c.countedFen)] });
      const diff = c.differenceFen ?? 0;
      rows.push({ key: 'difference', ...(diff !== 0 ? { emphasis: 'warn' as const } : {}), cells: [text(L('cash.difference')), money(diff)] });
    } else if (data.kind !== 'range') {
      rows.push({ key: 'counted', cells: [text(L('cash.counted')), text(L('cash.notCounted'))] });
    }
    if (c.note) rows.push({ key: 'note', cells: [text(L('cash.note')), text(c.note)] });
    sections.push({ id: 'cash', title: L('sec.cash'), columns: [col('item', 'col.item', 'text'), col('amount', 'col.amount', 'money')], rows });
  }

  // ── drawer count by denomination ──
  if (data.cash.countDetail) {
    const detail = data.cash.countDetail;
    const rows: ReportRow[] = DENOMINATIONS_FEN.map((d) => {
      const pieces = detail[String(d)] ?? 0;
      return { key: String(d), cells: [text(formatDenomination(d)), count(pieces), money(d * pieces)] };
    });
    rows.push({
      key: 'total',
      emphasis: 'total',
      cells: [
        text(L('row.total')),
        count(rows.reduce((s, r) => s + (r.cells[1]!.value as number), 0)),
        money(rows.reduce((s, r) => s + (r.cells[2]!.value as number), 0)),
      ],
    });
    sections.push({
      id: 'count',
      title: L('sec.count'),
      columns: [col('denomination', 'col.denomination', 'text'), col('pieces', 'col.pieces', 'count'), col('amount', 'col.amount', 'money')],
      rows,
    });
  }

  // ── cash in / out ──
  if (data.cash.movements.length > 0) {
    sections.push({
      id: 'movements',
      title: L('sec.movements'),
      columns: [
        col('time', 'col.time', 'text'),
        col('direction', 'col.direction', 'text'),
        col('amount', 'col.amount', 'money'),
        col('reason', 'col.reason', 'text'),
        col('operator', 'col.operator', 'text'),
        col('authorisedBy', 'col.authorisedBy', 'text'),
      ],
      rows: data.cash.movements.map((m) => ({
        key: String(m.id),
        cells: [
          text(time(m.createdAt)),
          text(L(m.direction === 'in' ? 'dir.in' : 'dir.out')),
          money(m.direction === 'in' ? m.amountFen : neg(m.amountFen)),
          text(m.reason),
          text(m.operatorNo),
          text(m.authorisedBy ?? L('none')),
        ],
      })),
    });
  }

  // ── by bill kind (paid bills): sales, card recharges, refunds ──
  {
    const rows: ReportRow[] = BILL_KINDS.map((kind) => {
      const k = data.billKinds.find((x) => x.kind === kind) ?? { count: 0, totalFen: 0 };
      return { key: kind, cells: [text(L(`kind.${kind}`)), count(k.count), money(kind === 'refund' ? neg(k.totalFen) : k.totalFen)] };
    });
    rows.push({
      key: 'total',
      emphasis: 'total',
      cells: [
        text(L('row.total')),
        count(rows.reduce((s, r) => s + (r.cells[1]!.value as number), 0)),
        money(rows.reduce((s, r) => s + (r.cells[2]!.value as number), 0)),
      ],
    });
    sections.push({
      id: 'billKinds',
      title: L('sec.billKinds'),
      columns: [col('kind', 'col.kind', 'text'), col('count', 'col.count', 'count'), col('amount', 'col.amount', 'money')],
      rows,
    });
  }

  // ── by business type ──
  {
    const rows: ReportRow[] = data.businessTypes.map((b) => ({
      key: `${b.businessType}-${b.kind}`,
      cells: [
        text(`${b.businessType} ${L(`bt.${b.businessType}` as ReportLabelKey)}`),
        text(L(`kind.${b.kind}`)),
        count(b.count),
        money(b.kind === 'refund' ? neg(b.totalFen) : b.totalFen),
      ],
    }));
    rows.push({
      key: 'total',
      emphasis: 'total',
      cells: [
        text(L('row.total')),
        text(''),
        count(rows.reduce((s, r) => s + (r.cells[2]!.value as number), 0)),
        money(rows.reduce((s, r) => s + (r.cells[3]!.value as number), 0)),
      ],
    });
    sections.push({
      id: 'businessTypes',
      title: L('sec.businessTypes'),
      columns: [col('businessType', 'col.businessType', 'text'), col('kind', 'col.kind', 'text'), col('count', 'col.count', 'count'), col('amount', 'col.amount', 'money')],
      rows,
    });
  }

  // ── by operator ──
  {
    const rows: ReportRow[] = data.operators.map((o) => ({
      key: o.operatorNo,
      cells: [text(o.operatorNo), count(o.salesCount), money(o.salesFen), count(o.refundCount), money(o.refundFen), money(o.netFen)],
    }));
    const sum = (i: number) => rows.reduce((s, r) => s + (r.cells[i]!.value as number), 0);
    rows.push({ key: 'total', emphasis: 'total', cells: [text(L('row.total')), count(sum(1)), money(sum(2)), count(sum(3)), money(sum(4)), money(sum(5))] });
    sections.push({
      id: 'operators',
      title: L('sec.operators'),
      columns: [
        col('operator', 'col.operator', 'text'),
        col('salesCount', 'col.salesCount', 'count'),
        col('sales', 'col.sales', 'money'),
        col('refundCount', 'col.refundCount', 'count'),
        col('refund', 'col.refund', 'money'),
        col('net', 'col.net', 'money'),
      ],
      rows,
    });
  }

  // ── by hour ──
  const hours = chartHours(data, locale);
  {
    const rows: ReportRow[] = hours.bars.map((b) => ({
      key: b.key,
      cells: [text(b.label), count(b.count), ...TENDER_KINDS.map((k) => money(b.byKind[k])), money(b.totalFen)],
    }));
    const sum = (i: number) => rows.reduce((s, r) => s + (r.cells[i]!.value as number), 0);
    rows.push({
      key: 'total',
      emphasis: 'total',
      cells: [text(L('row.total')), count(sum(1)), money(sum(2)), money(sum(3)), money(sum(4)), money(sum(5))],
    });
    sections.push({
      id: 'hours',
      title: L('sec.hours'),
      columns: [
        col('hour', 'col.hour', 'text'),
        col('count', 'col.count', 'count'),
        ...TENDER_KINDS.map((k) => ({ key: k, label: L(`tender.${k}`), type: 'money' as const })),
        col('total', 'col.total', 'money'),
      ],
      rows,
    });
  }

  // ── refunds and voids ──
  sections.push({
    id: 'refundsVoids',
    title: L('sec.refundsVoids'),
    columns: [col('item', 'col.item', 'text'), col('count', 'col.count', 'count'), col('amount', 'col.amount', 'money')],
    rows: [
      { key: 'refunds', cells: [text(L('rv.refunds')), count(data.refunds.count), money(neg(data.refunds.totalFen))] },
      { key: 'backOffice', cells: [text(L('rv.backOffice')), count(data.refunds.backOfficeCount), money(neg(data.refunds.backOfficeFen))] },
      { key: 'voids', cells: [text(L('rv.voids')), count(data.voids.count), money(data.voids.totalFen)] },
    ],
  });
  if (data.refunds.list.length > 0) {
    if (data.refunds.listTruncated) warnings.push(L('warn.refundList', { n: data.refunds.list.length }));
    sections.push({
      id: 'refundList',
      title: L('sec.refundList'),
      columns: [
        col('billNo', 'col.billNo', 'text'),
        col('refundOf', 'col.refundOf', 'text'),
        col('tender', 'col.tender', 'text'),
        col('amount', 'col.amount', 'money'),
        col('operator', 'col.operator', 'text'),
        col('time', 'col.time', 'text'),
      ],
      rows: data.refunds.list.map((r) => ({
        key: r.billNo,
        cells: [text(r.billNo), text(r.refundOfBillNo ?? L('none')), text(L(`tender.${r.kind}`)), money(neg(r.amountFen)), text(r.operatorNo), text(time(r.at))],
      })),
    });
  }

  // ── barcode payment outcomes ──
  {
    const order = ['paid', 'declined', 'cancelled', 'unconfirmed', 'awaiting-payer', 'sent', 'created'] as const;
    const rows: ReportRow[] = order
      .map((state) => ({ state, s: data.payments.byState.find((x) => x.state === state) }))
      .filter(({ state, s }) => s !== undefined || state === 'paid' || state === 'declined' || state === 'unconfirmed')
      .map(({ state, s }) => ({
        key: state,
        ...(state === 'unconfirmed' && (s?.count ?? 0) > 0 ? { emphasis: 'warn' as const } : {}),
        cells: [text(L(`state.${state}`)), count(s?.count ?? 0), money(s?.amountFen ?? 0)],
      }));
    sections.push({
      id: 'payments',
      title: L('sec.payments'),
      columns: [col('state', 'col.state', 'text'), col('count', 'col.count', 'count'), col('amount', 'col.amount', 'money')],
      rows,
    });
  }
  if (data.payments.open.length > 0) {
    sections.push({
      id: 'open',
      title: L('sec.open'),
      columns: [
        col('billNo', 'col.billNo', 'text'),
        col('gatewayBillNum', 'col.gatewayBillNum', 'text'),
        col('state', 'col.state', 'text'),
        col('amount', 'col.amount', 'money'),
        col('operator', 'col.operator', 'text'),
        col('time', 'col.time', 'text'),
      ],
      rows: data.payments.open.map((a) => ({
        key: String(a.attemptId),
        emphasis: 'warn',
        cells: [text(a.billNo), text(a.gatewayBillNum), text(L(`state.${a.state}`)), money(a.amountFen), text(a.operatorNo), text(time(a.createdAt))],
      })),
    });
  }

  // ── bills ──
  {
    const rows: ReportRow[] = [
      { key: 'first', cells: [text(L('bills.first')), text(data.bills.firstBillNo ?? L('none'))] },
      { key: 'last', cells: [text(L('bills.last')), text(data.bills.lastBillNo ?? L('none'))] },
      { key: 'count', cells: [text(L('bills.count')), count(data.bills.count)] },
    ];
    for (const status of ['paid', 'voided', 'suspended', 'unconfirmed', 'locked', 'open'] as const) {
      const n = data.bills.byStatus[status] ?? 0;
      if (n > 0 || status === 'paid' || status === 'voided') rows.push({ key: `status-${status}`, cells: [text(L(`status.${status}`)), count(n)] });
    }
    sections.push({ id: 'bills', title: L('sec.bills'), columns: [col('item', 'col.item', 'text'), col('value', 'col.value', 'text')], rows });
  }

  // ── offline queue ──
  sections.push({
    id: 'outbox',
    title: L('sec.outbox'),
    columns: [col('item', 'col.item', 'text'), col('value', 'col.value', 'text')],
    rows: [
      { key: 'depth', cells: [text(L('outbox.depth')), count(data.outbox.depth)] },
      { key: 'oldest', cells: [text(L('outbox.oldest')), text(data.outbox.oldestWaitingMs === null ? L('none') : ageText(locale, data.outbox.oldestWaitingMs))] },
      { key: 'failing', ...(data.outbox.failing > 0 ? { emphasis: 'warn' as const } : {}), cells: [text(L('outbox.failing')), count(data.outbox.failing)] },
    ],
  });

  // ── the shifts of a range report ──
  if (data.kind === 'range') {
    sections.push({
      id: 'shifts',
      title: L('sec.shifts'),
      columns: [
        col('shift', 'col.shift', 'text'),
        col('operator', 'col.operator', 'text'),
        col('opened', 'col.opened', 'text'),
        col('closed', 'col.closed', 'text'),
        col('expected', 'col.expected', 'money'),
        col('counted', 'col.counted', 'money'),
        col('difference', 'col.difference', 'money'),
      ],
      rows: data.shifts.map((s) => ({
        key: String(s.id),
        ...(s.differenceFen !== null && s.differenceFen !== 0 ? { emphasis: 'warn' as const } : {}),
        cells: [
          text(`#${s.id}`),
          text(s.operatorNo),
          text(time(s.openedAt)),
          text(s.closedAt === null ? L('status.open') : time(s.closedAt)),
          s.expectedCashFen === null ? text(L('none')) : money(s.expectedCashFen),
          s.countedCashFen === null ? text(L('none')) : money(s.countedCashFen),
          s.differenceFen === null ? text(L('none')) : money(s.differenceFen),
        ],
      })),
    });
  }

  const chart: ReportChart = {
    hours: hours.bars,
    foldedByHourOfDay: hours.folded,
    tenders: TENDER_KINDS.map((kind) => {
      const t = data.tenders.find((x) => x.kind === kind);
      return { kind, label: L(`tender.${kind}`), netFen: t?.netFen ?? 0, count: t?.salesCount ?? 0 };
    }),
  };

  return {
    locale,
    kind: data.kind,
    title: L(data.kind === 'x' ? 'title.x' : data.kind === 'z' ? 'title.z' : 'title.range'),
    meta,
    figures,
    warnings,
    sections,
    chart,
    data,
  };
}

/** A section by id (tests and exports). */
export function findSection(view: ReportView, id: string): ReportSection | undefined {
  return view.sections.find((s) => s.id === id);
}
