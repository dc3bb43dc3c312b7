/**
 * 校宝对账 as a file (CSV for Excel, XLSX), through the one table layout both writers of
 * main/files write. Money as yuan with two places (exact from fen), times in China time.
 */
import type { ReconcileReport, ReconcileRow } from '../../../app/contract/reconcile.js';
import { fenToYuanString } from '../../../app/money.js';
import { tableToCsv } from '../../files/csv.js';
import type { Table, TableCell, TableRow } from '../../files/table.js';
import { writeXlsx } from '../../files/xlsx.js';
import { CHINA_OFFSET_MS } from '../xiaobao/dates.js';

type Locale = 'zh-CN' | 'en';

const L = {
  'zh-CN': {
    title: '校宝对账',
    day: '日期',
    generated: '生成时间',
    source: '校宝系统',
    'source.configured': '正式',
    'source.sandbox': '演示（内置模拟系统）',
    summary: '相符 {m} 笔，仅校宝有 {e} 笔，仅柜台有 {c} 笔，金额不符 {a} 笔，校宝前台其他变动 {d} 笔',
    cols: [
      '结果',
      '单号',
      '类型',
      '学员ID',
      '学员',
      '柜台金额',
      '校宝金额',
      '柜台时间',
      '校宝时间',
      '校宝订单ID',
      '原因',
      '说明',
    ],
    status: { matched: '相符', 'erp-only': '仅校宝有', 'counter-only': '仅柜台有' },
    kind: { recharge: '充值', refund: '退费' },
    reason: {
      waiting: '等待发送',
      sending: '正在发送',
      unknown: '结果未知（会先查询再决定）',
      refused: '校宝拒绝',
      'posted-not-found': '柜台记为已入账，当天校宝查不到',
    },
    mismatch: '金额不符',
  },
  en: {
    title: 'Xiaobao reconciliation',
    day: 'Day',
    generated: 'Generated',
    source: 'Xiaobao system',
    'source.configured': 'live',
    'source.sandbox': 'demo (built-in simulator)',
    summary:
      '{m} matched, {e} only in Xiaobao, {c} only at the counter, {a} amount mismatches, {d} other changes made at the Xiaobao desk',
    cols: [
      'Result',
      'Bill no.',
      'Kind',
      'Student id',
      'Student',
      'Counter amount',
      'Xiaobao amount',
      'Counter time',
      'Xiaobao time',
      'Xiaobao order id',
      'Reason',
      'Detail',
    ],
    status: { matched: 'matched', 'erp-only': 'only in Xiaobao', 'counter-only': 'only at the counter' },
    kind: { recharge: 'top-up', refund: 'refund' },
    reason: {
      waiting: 'waiting to be sent',
      sending: 'being sent',
      unknown: 'outcome unknown (looked up before any resend)',
      refused: 'refused by Xiaobao',
      'posted-not-found': 'posted per the counter, not found at Xiaobao that day',
    },
    mismatch: 'amount mismatch',
  },
} as const;

const txt = (text: string): TableCell => ({ kind: 'text', text });
const money = (fen: number | null): TableCell =>
  fen === null ? null : { kind: 'number', text: fenToYuanString(fen), format: 'money' };
const int = (n: number | null): TableCell =>
  n === null ? null : { kind: 'number', text: String(n), format: 'integer' };
const time = (ms: number | null): TableCell =>
  ms === null ? null : txt(new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' '));

function fill(t: string, p: Record<string, number>): string {
  return t.replace(/\{(\w+)\}/g, (_, k: string) => String(p[k] ?? ''));
}

function rowCells(r: ReconcileRow, l: (typeof L)[Locale]): TableCell[] {
  const reason = r.reason ? l.reason[r.reason] : r.amountMismatch ? l.mismatch : '';
  return [
    txt(l.status[r.status]),
    txt(r.billNo),
    r.kind ? txt(l.kind[r.kind]) : null,
    int(r.stuInfoId),
    r.stuName ? txt(r.stuName) : null,
    money(r.counterAmountFen),
    money(r.erpAmountFen),
    time(r.counterAt),
    time(r.erpAt),
    int(r.erpOrderId),
    reason ? txt(reason) : null,
    r.detail ? txt(r.detail) : null,
  ];
}

export function reconcileTable(report: ReconcileReport, locale: Locale): Table {
  const l = L[locale];
  const rows: TableRow[] = [
    { style: 'title', cells: [txt(`${l.title} ${report.day}`)] },
    { style: 'normal', cells: [txt(l.day), txt(report.day)] },
    { style: 'normal', cells: [txt(l.generated), time(report.generatedAt)] },
    { style: 'normal', cells: [txt(l.source), txt(l[`source.${report.source}`])] },
    {
      style: 'note',
      cells: [
        txt(
          fill(l.summary, {
            m: report.counts.matched,
            e: report.counts.erpOnly,
            c: report.counts.counterOnly,
            a: report.counts.amountMismatch,
            d: report.erpDeskOrders,
          }),
        ),
      ],
    },
    { style: 'normal', cells: [] },
    { style: 'header', cells: l.cols.map(txt) },
    ...report.rows.map((r) => ({ style: 'normal' as const, cells: rowCells(r, l) })),
  ];
  return { name: l.title, rows, widths: [12, 22, 8, 10, 10, 12, 12, 20, 20, 12, 24, 30] };
}

export const RECONCILE_MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export function reconcileFile(
  report: ReconcileReport,
  format: 'csv' | 'xlsx',
  locale: Locale,
  now: () => number,
): { fileName: string; mimeType: string; bytes: Buffer } {
  const table = reconcileTable(report, locale);
  const bytes =
    format === 'csv' ? Buffer.from(tableToCsv(table), 'utf8') : writeXlsx([table], { modified: new Date(now()) });
  return { fileName: `xiaobao-reconcile-${report.day}.${format}`, mimeType: RECONCILE_MIME[format], bytes };
}
