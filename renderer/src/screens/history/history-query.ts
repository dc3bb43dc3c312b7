import { HISTORY_PAGE, PAY_CODE_TAIL, type HistoryQuery } from '../../../../app/contract/history.js';
import { parseYuan } from '../../../../app/money.js';
import type { TenderKind } from './texts.js';

/**
 * The history screen's form → the `history.search` query (pure, tested). Days are local days of
 * the counter PC: "today" is [local midnight, next midnight); a date range is [from's midnight,
 * the day after to); a time typed as HH:mm is that minute of the first day of the window.
 */
export interface HistoryForm {
  scope: 'day' | 'shift' | 'range';
  /** yyyy-mm-dd, for 'range'. */
  fromDay: string;
  toDay: string;
  billNo: string;
  amount: string;
  time: string;
  operator: string;
  tender: TenderKind | '';
  payCode: string;
  page: number;
}

export type FormProblem = 'bad.amount' | 'bad.time' | 'bad.payCode' | 'bad.range';

const DAY = 86_400_000;
const p2 = (n: number) => String(n).padStart(2, '0');
/** yyyy-mm-dd of a local date. */
export const isoDay = (d: Date): string => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
/** Local midnight of a yyyy-mm-dd. */
export const dayStart = (s: string): number => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
};

export function emptyForm(now: Date): HistoryForm {
  const today = isoDay(now);
  return {
    scope: 'day',
    fromDay: today,
    toDay: today,
    billNo: '',
    amount: '',
    time: '',
    operator: '',
    tender: '',
    payCode: '',
    page: 0,
  };
}

export function toQuery(f: HistoryForm, now: Date): { query: HistoryQuery } | { problem: FormProblem } {
  let from: number;
  let to: number;
  if (f.scope === 'range') {
    from = dayStart(f.fromDay);
    to = dayStart(f.toDay) + DAY;
    if (!(to > from)) return { problem: 'bad.range' };
  } else {
    from = dayStart(isoDay(now));
    to = from + DAY;
  }
  const time = f.time.trim();
  if (time !== '') {
    const m = /^(\d{1,2})[:：]?(\d{2})$/.exec(time);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return { problem: 'bad.time' };
    const d = new Date(from);
    d.setHours(Number(m[1]), Number(m[2]), 0, 0);
    from = d.getTime();
    to = from + 60_000;
  }
  const query: HistoryQuery = { scope: f.scope, from, to, page: f.page, pageSize: HISTORY_PAGE.size };
  const billNo = f.billNo.trim().toUpperCase();
  if (billNo !== '') query.billNoEnd = billNo;
  const amount = f.amount.trim().replace(/^[¥￥]/, '');
  if (amount !== '') {
    const r = /^\d{1,9}(\.\d{1,2})?$/.test(amount) ? parseYuan(amount) : null;
    if (!r || !r.ok || r.fen <= 0) return { problem: 'bad.amount' };
    query.amountFen = r.fen;
  }
  if (f.operator.trim() !== '') query.operatorNo = f.operator.trim();
  if (f.tender !== '') query.tender = f.tender;
  const code = f.payCode.trim();
  if (code !== '') {
    if (!new RegExp(`^\\d{${PAY_CODE_TAIL.min},${PAY_CODE_TAIL.max}}$`).test(code)) return { problem: 'bad.payCode' };
    query.payCodeEnd = code;
  }
  return { query };
}
