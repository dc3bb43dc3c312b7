import type { BillView } from '../contract/schemas.js';
import { fenToYuanString } from '../money.js';
import { CODE128_QUIET_ZONE, encodeCode128 } from '../scan/code128.js';
import { billDiscountRows, lineDiscountRows, printedLineFen } from './discount-rows.js';

/**
 * The receipt (小票) as HTML, for 58 mm and 80 mm thermal paper. Pure: no DOM, no Node.
 *
 * - `html` is a whole document with its own stylesheet and an explicit `@page` size (thermal
 *   drivers print a strip of an A4 page otherwise — a known failure elsewhere); the Electron
 *   shell prints it with `pageSize` = `pageSizeMicrons` so both agree.
 * - `css` + `body` are the same receipt in two parts, for a preview inside a page whose CSP
 *   forbids inline styles (the renderer puts `css` in a constructed stylesheet of a shadow root).
 * - `text` is a plain-text rendering (logs, diagnostics, ESC/POS printers later).
 * Every value from the bill is HTML-escaped.
 */

export type PaperWidthMm = 58 | 80;

export interface ReceiptInput {
  bill: BillView;
  terminalNo: string;
  /** Name of the operator who took the bill, when known; the operator number is always printed. */
  operatorName?: string | null;
  /** Shop name (config receipt.shopName), printed first in large type. */
  shopName?: string | null;
  /** Header / footer lines (config receipt.headerLines / receipt.footerLines; a string: one line per \n). */
  header?: string | readonly string[] | null;
  footer?: string | readonly string[] | null;
  paperWidthMm: PaperWidthMm;
  /** When this copy is printed (epoch ms). */
  printedAt: number;
  /** A reprint says so on paper: 重印 and when this copy was printed. */
  reprint?: boolean;
  /** Formats an epoch-ms time; default local `YYYY-MM-DD HH:mm:ss`. */
  formatTime?: (ms: number) => string;
  /** Show the sandbox mark (演示 — no real money). */
  sandbox?: boolean;
}

export interface Receipt {
  html: string;
  css: string;
  body: string;
  text: string;
  paperWidthMm: PaperWidthMm;
  /** Page size for Electron's webContents.print({ pageSize }), in microns. */
  pageSizeMicrons: { width: number; height: number };
}

/** Printable width of the paper (the print head is narrower than the roll). */
export const PRINTABLE_MM: Readonly<Record<PaperWidthMm, number>> = { 58: 48, 80: 72 };
/** Characters per line of the plain-text rendering (monospace, CJK counts double). */
export const TEXT_COLUMNS: Readonly<Record<PaperWidthMm, number>> = { 58: 32, 80: 48 };

const TENDER_LABEL: Record<BillView['tenders'][number]['kind'], string> = {
  barcode: '扫码支付',
  cash: '现金',
  'stored-value': '储值卡',
  'campus-qr': '校园卡扫码',
};

const KIND_TITLE: Record<BillView['kind'], string> = {
  sale: '收银小票',
  recharge: '储值卡充值凭证',
  refund: '退款凭证',
};

const STATUS_NOTE: Partial<Record<BillView['status'], string>> = {
  open: '未付款',
  suspended: '已挂单 · 未付款',
  locked: '支付处理中 · 未确认',
  unconfirmed: '支付结果未确认',
  voided: '已作废',
};

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Card numbers are printed masked: first 4 and last 4. */
export function maskCardNo(card: string): string {
  if (card.length <= 8) return card;
  return `${card.slice(0, 4)}${'*'.repeat(card.length - 8)}${card.slice(-4)}`;
}

const yuan = (fen: number): string => fenToYuanString(fen);

/** Display width in monospace columns (CJK and full-width forms take two). */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

/** Break a text into pieces no wider than `cols` display columns (CJK counts two). */
export function wrapText(s: string, cols: number): string[] {
  const out: string[] = [];
  let line = '';
  let w = 0;
  for (const ch of s) {
    const cw = textWidth(ch);
    if (w + cw > cols && line !== '') {
      out.push(line);
      line = '';
      w = 0;
    }
    line += ch;
    w += cw;
  }
  if (line !== '' || out.length === 0) out.push(line);
  return out;
}

/** Label left, value right on one line; when both do not fit, the label above and the value (wrapped) right-aligned below. */
function spread(left: string, right: string, cols: number): string {
  const gap = cols - textWidth(left) - textWidth(right);
  if (gap >= 1) return `${left}${' '.repeat(gap)}${right}`;
  return [
    left,
    ...wrapText(right, cols).map((part) => `${' '.repeat(Math.max(0, cols - textWidth(part)))}${part}`),
  ].join('\n');
}

function center(s: string, cols: number): string {
  return wrapText(s, cols)
    .map((part) => ' '.repeat(Math.max(0, Math.floor((cols - textWidth(part)) / 2))) + part)
    .join('\n');
}

/** A label and value that do not fit one line of this paper (the same rule for the HTML and the text). */
function stacks(r: { label: string; value: string }, cols: number): boolean {
  return textWidth(r.label) + 1 + textWidth(r.value) > cols;
}

function linesOf(v: string | readonly string[] | null | undefined): string[] {
  const list = typeof v === 'string' ? v.split(/\r?\n/) : (v ?? []);
  return list.map((x) => x.trim()).filter(Boolean);
}

interface Row {
  label: string;
  value: string;
  strong?: boolean;
}

/** Height of the bill-number barcode on paper. */
export const RECEIPT_BARCODE_MM = 10;

/**
 * The bill number as a Code 128 barcode (app/scan/code128.ts), as inline SVG bars: scanning it
 * at the counter or in 单据查询 opens the bill (app/scan/route.ts, 'open-bill'). The SVG
 * stretches to the printable width (quiet zone included); no style attributes (the page's CSP).
 */
export function billBarcodeSvg(billNo: string): string {
  const sym = encodeCode128(billNo);
  const total = sym.modules + 2 * CODE128_QUIET_ZONE;
  const bars = sym.bars.map((b) => `<rect x="${b.x + CODE128_QUIET_ZONE}" y="0" width="${b.w}" height="40"/>`).join('');
  return `<svg class="code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} 40" preserveAspectRatio="none" shape-rendering="crispEdges" role="img" aria-label="${escapeHtml(billNo)}" data-code="${escapeHtml(billNo)}" data-modules="${sym.modules}" data-quiet="${CODE128_QUIET_ZONE}"><rect x="0" y="0" width="${total}" height="40" fill="#fff"/><g fill="#000">${bars}</g></svg>`;
}

/** The reprint mark: 重印 and the time of this copy. */
export function reprintMark(printedAt: string): string {
  return `重印 ${printedAt}`;
}

export function buildReceipt(input: ReceiptInput): Receipt {
  const { bill, paperWidthMm } = input;
  const fmt = input.formatTime ?? formatLocalTime;
  const e = escapeHtml;
  const lines = bill.lines.filter((l) => !l.voided);
  const paidTenders = bill.tenders;
  const title = KIND_TITLE[bill.kind];
  const statusNote = STATUS_NOTE[bill.status] ?? null;
  const cashTender = paidTenders.find((t) => t.kind === 'cash') ?? null;
  const operator = input.operatorName ? `${bill.operatorNo} ${input.operatorName}` : bill.operatorNo;
  const time = bill.closedAt ?? bill.updatedAt;

  const meta: Row[] = [
    { label: '单号', value: bill.billNo },
    { label: '终端', value: input.terminalNo },
    { label: '收银员', value: operator },
    { label: '时间', value: fmt(time) },
  ];
  if (bill.cardNo) meta.push({ label: '储值卡号', value: maskCardNo(bill.cardNo) });

  const totals: Row[] = [...billDiscountRows(bill), { label: '合计', value: `¥${yuan(bill.totalFen)}`, strong: true }];
  for (const [i, t] of paidTenders.entries()) {
    totals.push({ label: TENDER_LABEL[t.kind], value: `¥${yuan(t.amountFen)}` });
    if (t.kind === 'cash' && t.tenderedFen !== null) totals.push({ label: '实收', value: `¥${yuan(t.tenderedFen)}` });
    // Split payment: an earlier cash part gives no change; the closing tender's change is printed.
    const closing = i === paidTenders.length - 1;
    if (t.kind === 'cash' && t.changeFen !== null && (closing || t.changeFen > 0))
      totals.push({ label: '找零', value: `¥${yuan(t.changeFen)}`, strong: true });
    if (t.reference) totals.push({ label: '支付单号', value: t.reference });
  }
  if (!cashTender && bill.dueFen > 0 && bill.status !== 'paid')
    totals.push({ label: '未付', value: `¥${yuan(bill.dueFen)}` });

  const shopName = (input.shopName ?? '').trim();
  const headerLines = linesOf(input.header);
  const footerLines = linesOf(input.footer);
  const cols = TEXT_COLUMNS[paperWidthMm];

  // ---- HTML ----------------------------------------------------------------------------
  // A row whose label and value do not fit the roll side by side (e.g. 支付单号 on 58 mm) is
  // stacked: the label, then the value on its own line, right-aligned — never wrapped mid-row.
  const rowHtml = (r: Row): string =>
    `<div class="row${r.strong ? ' strong' : ''}${stacks(r, cols) ? ' stack' : ''}"><span class="l">${e(r.label)}</span><span class="v">${e(r.value)}</span></div>`;
  const lineHtml = lines
    .map((l) => {
      const name = l.name === '' ? '快速收款' : l.name;
      const detail = `${l.quantity} × ¥${yuan(l.unitPriceFen)}`;
      const subs = lineDiscountRows(l)
        .map(
          (r) => `<div class="row sub"><span class="l">${e(r.label)}</span><span class="v">${e(r.value)}</span></div>`,
        )
        .join('');
      return `<div class="item"><div class="name">${e(name)}</div><div class="row"><span class="l">${e(detail)}</span><span class="v">¥${e(yuan(printedLineFen(l)))}</span></div>${subs}</div>`;
    })
    .join('');
  const body = [
    `<div class="receipt paper-${paperWidthMm}" data-bill-no="${e(bill.billNo)}">`,
    shopName ? `<div class="center shop">${e(shopName)}</div>` : '',
    ...headerLines.map((h) => `<div class="center head">${e(h)}</div>`),
    `<div class="center title">${e(title)}</div>`,
    input.reprint ? `<div class="center mark reprint">${e(reprintMark(fmt(input.printedAt)))}</div>` : '',
    input.sandbox ? `<div class="center mark">演示 · 非真实交易</div>` : '',
    statusNote ? `<div class="center mark">${e(statusNote)}</div>` : '',
    `<div class="rule"></div>`,
    meta.map(rowHtml).join(''),
    `<div class="rule"></div>`,
    lineHtml || `<div class="center">—</div>`,
    `<div class="rule"></div>`,
    totals.map(rowHtml).join(''),
    `<div class="rule"></div>`,
    `<div class="center billcode" data-testid="receipt-barcode">${billBarcodeSvg(bill.billNo)}<div class="codeno">${e(bill.billNo)}</div></div>`,
    ...footerLines.map((f) => `<div class="center foot">${e(f)}</div>`),
    `<div class="center foot">打印时间 ${e(fmt(input.printedAt))}</div>`,
    `</div>`,
  ].join('');

  const printable = PRINTABLE_MM[paperWidthMm];
  // 58 mm: the 48 mm printable width holds 32 half-width columns at 11 px (a CJK character is two).
  const fontPx = paperWidthMm === 58 ? 11 : 13;
  // Height estimate: a generous 5 mm per row, plus margins; thermal drivers cut at the end.
  const rows =
    (shopName ? 2 : 0) +
    headerLines.length +
    footerLines.length +
    meta.length * 2 +
    totals.length * 2 +
    lines.length * 2 +
    lines.reduce((n, l) => n + lineDiscountRows(l).length, 0) +
    8 +
    Math.ceil(RECEIPT_BARCODE_MM / 5) +
    1;
  const heightMm = Math.max(80, Math.ceil(rows * 5 + 10));
  const css = [
    `.receipt{box-sizing:border-box;width:${printable}mm;margin:0 auto;padding:2mm 0;color:#000;background:#fff;`,
    `font-family:"Noto Sans Mono CJK SC","Noto Sans CJK SC","Microsoft YaHei","SimSun",monospace;font-size:${fontPx}px;line-height:1.35;}`,
    `.receipt .center{text-align:center;}`,
    `.receipt .title{font-size:1.25em;font-weight:700;margin:1mm 0;}`,
    `.receipt .head{font-weight:700;}`,
    `.receipt .mark{font-weight:700;border:1px solid #000;margin:1mm 4mm;}`,
    `.receipt .rule{border-top:1px dashed #000;margin:1.5mm 0;}`,
    `.receipt .row{display:flex;justify-content:space-between;gap:2mm;}`,
    `.receipt .row .v{text-align:right;word-break:break-all;min-width:0;}`,
    `.receipt .row.stack{display:block;}`,
    `.receipt .row.stack .l{display:block;}`,
    `.receipt .row.stack .v{display:block;}`,
    `.receipt .shop{font-size:1.3em;font-weight:700;word-break:break-all;}`,
    `.receipt .head,.receipt .foot{word-break:break-all;}`,
    `.receipt .row.strong{font-weight:700;font-size:1.15em;}`,
    `.receipt .item .name{word-break:break-all;}`,
    `.receipt .row.sub{font-size:0.9em;}`,
    `.receipt .foot{font-size:0.9em;}`,
    `.receipt .billcode{margin:1mm 0;}`,
    `.receipt .billcode .code{display:block;width:100%;height:${RECEIPT_BARCODE_MM}mm;}`,
    `.receipt .billcode .codeno{font-size:0.9em;letter-spacing:0.5px;}`,
  ].join('');
  const pageCss = `@page{size:${paperWidthMm}mm ${heightMm}mm;margin:0;}html,body{margin:0;padding:0;background:#fff;}`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(title)} ${e(bill.billNo)}</title><style>${pageCss}${css}</style></head><body>${body}</body></html>`;

  // ---- plain text ----------------------------------------------------------------------
  const rule = '-'.repeat(cols);
  const textRows: string[] = [
    ...(shopName ? [center(shopName, cols)] : []),
    ...headerLines.map((h) => center(h, cols)),
    center(title, cols),
    ...(input.reprint ? [center(reprintMark(fmt(input.printedAt)), cols)] : []),
    ...(input.sandbox ? [center('演示 · 非真实交易', cols)] : []),
    ...(statusNote ? [center(statusNote, cols)] : []),
    rule,
    ...meta.map((r) => spread(r.label, r.value, cols)),
    rule,
    ...lines.flatMap((l) => [
      ...wrapText(l.name === '' ? '快速收款' : l.name, cols),
      spread(`  ${l.quantity} × ${yuan(l.unitPriceFen)}`, yuan(printedLineFen(l)), cols),
      ...lineDiscountRows(l).map((r) => spread(r.label, r.value, cols)),
    ]),
    rule,
    ...totals.map((r) => spread(r.label, r.value, cols)),
    rule,
    ...footerLines.map((f) => center(f, cols)),
    center(`打印时间 ${fmt(input.printedAt)}`, cols),
  ];

  return {
    html,
    css,
    body,
    text: textRows.join('\n') + '\n',
    paperWidthMm,
    pageSizeMicrons: { width: paperWidthMm * 1000, height: heightMm * 1000 },
  };
}
