import { formatCount, formatMoney } from './format.js';
import { count, money, neg, type ViewContext } from './view-context.js';
import type { ReportFigure, ReportMeta } from './view-types.js';

/** The head of a report view: who, where and when (meta), the headline figures, the warnings. */

export function viewMeta(c: ViewContext): ReportMeta[] {
  const { data, L, time } = c;
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
    meta.push({
      key: 'bills',
      label: L('meta.bills'),
      text: `${data.bills.firstBillNo} – ${data.bills.lastBillNo ?? ''}`,
    });
  }
  meta.push({ key: 'generated', label: L('meta.generated'), text: time(data.generatedAt) });
  if (data.generatedBy) meta.push({ key: 'generatedBy', label: L('meta.generatedBy'), text: data.generatedBy });

  return meta;
}

export function viewFigures(c: ViewContext): ReportFigure[] {
  const { data, L } = c;
  const payments = data.tenders.reduce((s, t) => s + t.salesCount, 0);
  const figures: ReportFigure[] = [
    { id: 'net', label: L('fig.net'), cell: money(data.netFen), tone: 'normal' },
    { id: 'paidBills', label: L('fig.paidBills'), cell: count(payments), tone: 'normal' },
    {
      id: 'refunds',
      label: L('fig.refunds'),
      cell: money(neg(data.refunds.totalFen)),
      tone: data.refunds.count > 0 ? 'warn' : 'normal',
    },
    { id: 'expectedCash', label: L('fig.expectedCash'), cell: money(data.cash.expectedFen), tone: 'normal' },
  ];
  if (data.cash.countedFen !== null) {
    figures.push({ id: 'countedCash', label: L('fig.countedCash'), cell: money(data.cash.countedFen), tone: 'normal' });
    const diff = data.cash.differenceFen ?? 0;
    figures.push({ id: 'difference', label: L('fig.difference'), cell: money(diff), tone: diff === 0 ? 'ok' : 'bad' });
  }
  figures.push({
    id: 'unconfirmed',
    label: L('fig.unconfirmed'),
    cell: count(data.payments.openCount),
    tone: data.payments.openCount > 0 ? 'bad' : 'ok',
  });
  figures.push({
    id: 'outbox',
    label: L('fig.outbox'),
    cell: count(data.outbox.depth),
    tone: data.outbox.failing > 0 ? 'warn' : 'normal',
  });

  return figures;
}

/** The warnings of the head (the refund list may add one when it is cut short). */
export function viewWarnings(c: ViewContext, amended: boolean): string[] {
  const { data, L } = c;
  const warnings: string[] = [];
  if (amended) warnings.push(L('warn.amended'));
  if (data.payments.openCount > 0) warnings.push(L('warn.unconfirmed', { n: data.payments.openCount }));
  if (data.outbox.failing > 0) warnings.push(L('warn.outbox', { n: data.outbox.failing }));
  if (data.cash.differenceFen !== null && data.cash.differenceFen !== 0)
    warnings.push(L('warn.difference', { amount: formatMoney(data.cash.differenceFen) }));

  return warnings;
}
