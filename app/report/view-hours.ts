import { formatHour, localDay, localHourOfDay } from './format.js';
import type { ReportLocale } from './labels.js';
import type { ReportData, ReportHour } from './schema.js';
import type { ChartHourBar } from './view-types.js';
import { TENDER_KINDS, type TenderKind } from '../tender-kinds.js';

/** Fold tenders by hour: per local hour (one shift, one day), or per hour of day (longer periods). */
export function chartHours(
  data: ReportData,
  locale: ReportLocale = 'zh-CN',
): { bars: ChartHourBar[]; folded: boolean } {
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
      bar = {
        key: String(k),
        label,
        byKind: Object.fromEntries(TENDER_KINDS.map((k) => [k, 0])) as Record<TenderKind, number>,
        totalFen: 0,
        count: 0,
      };
      bars.set(k, bar);
    }
    bar.byKind[h.kind] += h.amountFen;
    bar.totalFen += h.amountFen;
    bar.count += h.count;
  }
  return { bars: [...bars.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b), folded: fold };
}
