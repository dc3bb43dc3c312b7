import { DENOMINATIONS_FEN } from './cash.js';
import { formatDenomination } from './format.js';
import type { ReportLabelKey } from './labels.js';
import { BILL_KINDS, TENDER_KINDS } from './schema.js';
import { count, money, neg, text, totalledSection, type ViewContext } from './view-context.js';
import type { ChartHourBar, ReportColumn, ReportRow, ReportSection } from './view-types.js';

/**
 * The sections of a report view about the money: by tender, the cash drawer and its count,
 * cash in / out, by bill kind, by business type, by operator, by hour. In this order.
 */

export function addMoneySections(c: ViewContext, sections: ReportSection[], hours: { bars: ChartHourBar[] }): void {
  const { data, L, time, col } = c;
  /** Sales, refunds and net per row: by tender and by operator. */
  const salesColumns = (first: ReportColumn): ReportColumn[] => [
    first,
    col('salesCount', 'col.salesCount', 'count'),
    col('sales', 'col.sales', 'money'),
    col('refundCount', 'col.refundCount', 'count'),
    col('refund', 'col.refund', 'money'),
    col('net', 'col.net', 'money'),
  ];
  // ── by tender: every kind, always ──
  {
    const rows: ReportRow[] = TENDER_KINDS.map((kind) => {
      const t = data.tenders.find((x) => x.kind === kind) ?? {
        salesCount: 0,
        salesFen: 0,
        refundCount: 0,
        refundFen: 0,
        netFen: 0,
      };
      return {
        key: kind,
        cells: [
          text(L(`tender.${kind}`)),
          count(t.salesCount),
          money(t.salesFen),
          count(t.refundCount),
          money(t.refundFen),
          money(t.netFen),
        ],
      };
    });
    sections.push(
      totalledSection(c, 'tenders', 'sec.tenders', salesColumns(col('tender', 'col.tender', 'text')), rows),
    );
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
      rows.push({
        key: 'difference',
        ...(diff !== 0 ? { emphasis: 'warn' as const } : {}),
        cells: [text(L('cash.difference')), money(diff)],
      });
    } else if (data.kind !== 'range') {
      rows.push({ key: 'counted', cells: [text(L('cash.counted')), text(L('cash.notCounted'))] });
    }
    if (c.note) rows.push({ key: 'note', cells: [text(L('cash.note')), text(c.note)] });
    sections.push({
      id: 'cash',
      title: L('sec.cash'),
      columns: [col('item', 'col.item', 'text'), col('amount', 'col.amount', 'money')],
      rows,
    });
  }

  // ── drawer count by denomination ──
  if (data.cash.countDetail) {
    const detail = data.cash.countDetail;
    const rows: ReportRow[] = DENOMINATIONS_FEN.map((d) => {
      const pieces = detail[String(d)] ?? 0;
      return { key: String(d), cells: [text(formatDenomination(d)), count(pieces), money(d * pieces)] };
    });
    sections.push(
      totalledSection(
        c,
        'count',
        'sec.count',
        [
          col('denomination', 'col.denomination', 'text'),
          col('pieces', 'col.pieces', 'count'),
          col('amount', 'col.amount', 'money'),
        ],
        rows,
      ),
    );
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
      return {
        key: kind,
        cells: [text(L(`kind.${kind}`)), count(k.count), money(kind === 'refund' ? neg(k.totalFen) : k.totalFen)],
      };
    });
    sections.push(
      totalledSection(
        c,
        'billKinds',
        'sec.billKinds',
        [col('kind', 'col.kind', 'text'), col('count', 'col.count', 'count'), col('amount', 'col.amount', 'money')],
        rows,
      ),
    );
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
    const columns = [
      col('businessType', 'col.businessType', 'text'),
      col('kind', 'col.kind', 'text'),
      col('count', 'col.count', 'count'),
      col('amount', 'col.amount', 'money'),
    ];
    sections.push(totalledSection(c, 'businessTypes', 'sec.businessTypes', columns, rows));
  }

  // ── by operator ──
  {
    const rows: ReportRow[] = data.operators.map((o) => ({
      key: o.operatorNo,
      cells: [
        text(o.operatorNo),
        count(o.salesCount),
        money(o.salesFen),
        count(o.refundCount),
        money(o.refundFen),
        money(o.netFen),
      ],
    }));
    sections.push(
      totalledSection(c, 'operators', 'sec.operators', salesColumns(col('operator', 'col.operator', 'text')), rows),
    );
  }

  // ── by hour ──
  {
    const rows: ReportRow[] = hours.bars.map((b) => ({
      key: b.key,
      cells: [text(b.label), count(b.count), ...TENDER_KINDS.map((k) => money(b.byKind[k])), money(b.totalFen)],
    }));
    const columns = [
      col('hour', 'col.hour', 'text'),
      col('count', 'col.count', 'count'),
      ...TENDER_KINDS.map((k) => ({ key: k, label: L(`tender.${k}`), type: 'money' as const })),
      col('total', 'col.total', 'money'),
    ];
    sections.push(totalledSection(c, 'hours', 'sec.hours', columns, rows));
  }
}
