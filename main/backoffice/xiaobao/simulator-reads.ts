/** The Xiaobao simulator's read endpoints: lists, changes and details from its ledger (pure). */
import type { z } from 'zod';
import { addOneMonth, CHANGED_ORDERS_MAX_SPAN_MS, DAY_MS, formatXbDateTime, parseXbDateTime } from './dates.js';
import {
  DETAIL_ENDPOINT_BY_TYPE,
  DETAIL_ENDPOINTS,
  GetChangedOrdersRequestSchema,
  GetTranOrderListRequestSchema,
  OrderIdRequestSchema,
  type DetailEndpoint,
} from './schemas.js';
import { SIM_CODES, type SimFaults, type SimOrder } from './simulator-types.js';
import { baseInfo, detailOf } from './simulator-views.js';

/** A body checked against the seed's schema, or the message the ERP gives for it. */
export function parseBody<T extends z.ZodType>(
  raw: string,
  schema: T,
): { ok: true; data: z.infer<T> } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, message: '请求正文不是 JSON' };
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, message: `参数错误：${i.path.map(String).join('.')} ${i.message}` };
  }
  return { ok: true, data: r.data };
}

function inRange(t: number, from: number, to: number): boolean {
  return t >= from && t <= to;
}
/** A date-only end ("2020-01-31") covers that whole day. */
function endOf(text: string, field: string): number {
  const t = parseXbDateTime(text, field);
  return text.length === 10 ? t + DAY_MS - 1 : t;
}

export interface ReadAnswer {
  code: number;
  message: string;
  data: unknown;
}

const answer = (code: number, message: string, data: unknown = null): ReadAnswer => ({ code, message, data });

/** What a read endpoint answers (paging faults applied). */
export function readAnswer(
  endpoint: string,
  raw: string,
  orders: ReadonlyMap<number, SimOrder>,
  faults: SimFaults,
): ReadAnswer {
  if (endpoint === 'GetTranOrderList') {
    const p = parseBody(raw, GetTranOrderListRequestSchema);
    if (!p.ok) return answer(SIM_CODES.badRequest, p.message);
    const q = p.data;
    const from = parseXbDateTime(q.beginDate, 'beginDate');
    const to = endOf(q.endDate, 'endDate');
    if (to < from) return answer(SIM_CODES.badRequest, 'endDate 早于 beginDate');
    if (parseXbDateTime(q.endDate, 'endDate') > addOneMonth(from))
      return answer(SIM_CODES.badRequest, '区间跨度最大为一个月');
    const all = [...orders.values()]
      .filter((o) => inRange(q.dateType === 2 ? o.createdAt : o.dealDate, from, to))
      .filter((o) => q.schoolId === undefined || o.schoolId === q.schoolId)
      .filter((o) => q.tranOrderType === undefined || o.type === q.tranOrderType)
      .sort((a, b) => a.id - b.id);
    const size = faults.paging === 'cap' ? Math.min(q.pageSize, faults.pageCap) : q.pageSize;
    let start = (q.pageIndex - 1) * size;
    if (faults.paging === 'overlap' && q.pageIndex > 1) start -= 1;
    let page = all.slice(start, start + size);
    if (page.length === 0 && faults.paging === 'repeat-last' && all.length > 0) {
      page = all.slice(Math.floor((all.length - 1) / size) * size);
    }
    return answer(SIM_CODES.ok, 'success', page.map(baseInfo));
  }
  if (endpoint === 'GetChangedOrders') {
    const p = parseBody(raw, GetChangedOrdersRequestSchema);
    if (!p.ok) return answer(SIM_CODES.badRequest, p.message);
    const from = parseXbDateTime(p.data.startTime, 'startTime');
    const to = endOf(p.data.endTime, 'endTime');
    if (to < from) return answer(SIM_CODES.badRequest, 'endTime 早于 startTime');
    if (parseXbDateTime(p.data.endTime, 'endTime') - from > CHANGED_ORDERS_MAX_SPAN_MS)
      return answer(SIM_CODES.badRequest, '时间范围不能超过7天');
    const list = [...orders.values()]
      .filter((o) => inRange(Math.floor(o.changedAt / 1000) * 1000, from, to))
      .sort((a, b) => a.id - b.id)
      .map((o) => ({ id: o.id, type: o.type, changedTime: formatXbDateTime(o.changedAt) }));
    return answer(SIM_CODES.ok, 'success', list);
  }
  if (endpoint in DETAIL_ENDPOINTS) {
    const p = parseBody(raw, OrderIdRequestSchema);
    if (!p.ok) return answer(SIM_CODES.badRequest, p.message);
    const o = orders.get(p.data.id);
    if (!o || DETAIL_ENDPOINT_BY_TYPE[o.type] !== endpoint)
      return answer(SIM_CODES.notFound, `订单不存在（id ${p.data.id}）`);
    return answer(SIM_CODES.ok, 'success', detailOf(endpoint as DetailEndpoint, o));
  }
  return answer(SIM_CODES.notFound, `未知接口 ${endpoint}`);
}
