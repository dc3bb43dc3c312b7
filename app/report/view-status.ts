import type { ReportLocale } from './labels.js';
import { reportLabel } from './labels.js';
import { count, money, neg, text, type ViewContext } from './view-context.js';
import type { ReportRow, ReportSection } from './view-types.js';

/**
 * The sections of a report view about what happened to bills and payments: refunds and voids
 * (and the refund list), barcode payment outcomes (and the open ones), bills, the offline
 * queue, and the shifts of a range report. In this order.
 */

function ageText(locale: ReportLocale, ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return reportLabel(locale, 'unit.minutes', { n: minutes });
  return reportLabel(locale, 'unit.hours', { n: Math.floor(minutes / 60) });
}

/** Adds the sections; a refund list cut short adds its warning to `warnings`. */
export function addStatusSections(c: ViewContext, sections: ReportSection[], warnings: string[]): void {
  const { data, locale, L, time, col } = c;
  // ── refunds and voids ──
  sections.push({
    id: 'refundsVoids',
    title: L('sec.refundsVoids'),
    columns: [
      col('item', 'col.item', 'text'),
      col('count', 'col.count', 'count'),
      col('amount', 'col.amount', 'money'),
    ],
    rows: [
      { key: 'refunds', cells: [text(L('rv.refunds')), count(data.refunds.count), money(neg(data.refunds.totalFen))] },
      {
        key: 'backOffice',
        cells: [text(L('rv.backOffice')), count(data.refunds.backOfficeCount), money(neg(data.refunds.backOfficeFen))],
      },
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
        cells: [
          text(r.billNo),
          text(r.refundOfBillNo ?? L('none')),
          text(L(`tender.${r.kind}`)),
          money(neg(r.amountFen)),
          text(r.operatorNo),
          text(time(r.at)),
        ],
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
      columns: [
        col('state', 'col.state', 'text'),
        col('count', 'col.count', 'count'),
        col('amount', 'col.amount', 'money'),
      ],
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
        cells: [
          text(a.billNo),
          text(a.gatewayBillNum),
          text(L(`state.${a.state}`)),
          money(a.amountFen),
          text(a.operatorNo),
          text(time(a.createdAt)),
        ],
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
      if (n > 0 || status === 'paid' || status === 'voided')
        rows.push({ key: `status-${status}`, cells: [text(L(`status.${status}`)), count(n)] });
    }
    sections.push({
      id: 'bills',
      title: L('sec.bills'),
      columns: [col('item', 'col.item', 'text'), col('value', 'col.value', 'text')],
      rows,
    });
  }

  // ── offline queue ──
  sections.push({
    id: 'outbox',
    title: L('sec.outbox'),
    columns: [col('item', 'col.item', 'text'), col('value', 'col.value', 'text')],
    rows: [
      { key: 'depth', cells: [text(L('outbox.depth')), count(data.outbox.depth)] },
      {
        key: 'oldest',
        cells: [
          text(L('outbox.oldest')),
          text(data.outbox.oldestWaitingMs === null ? L('none') : ageText(locale, data.outbox.oldestWaitingMs)),
        ],
      },
      {
        key: 'failing',
        ...(data.outbox.failing > 0 ? { emphasis: 'warn' as const } : {}),
        cells: [text(L('outbox.failing')), count(data.outbox.failing)],
      },
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
}
