/**
 * What the counter reads from the Xiaobao ERP (read-only): the student finder (recent orders
 * searched by name or student id), a student's balance (accountRemain of the newest account
 * change), a student's orders, and one order's detail made readable (lessons, items, promotions,
 * accounts…). The ERP has no student search: the finder reads GetTranOrderList over the last
 * `searchDays` days (split per 1-month window and paged by the client) and keeps it for
 * `cacheMs`.
 */
import type { XiaobaoOrder, XiaobaoOrderDetail, XiaobaoStudent } from '../../../app/contract/xiaobao.js';
import type { XiaobaoClient } from './client.js';
import { DAY_MS, parseXbDateTime } from './dates.js';
import { yuanToFen } from './money.js';
import {
  DETAIL_ENDPOINT_BY_TYPE,
  ORDER_STATUS,
  TRAN_ORDER_TYPE_ACCOUNT_CHANGE,
  type AccountDetail,
  type DetailOf,
  type TranOrder,
} from './schemas.js';

type Section = XiaobaoOrderDetail['sections'][number];
type Row = Section['rows'][number];

/** ERP yuan (a JSON number) → fen; null when absent or unreadable. */
export function fenOf(v: number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  try {
    return yuanToFen(v);
  } catch {
    return null;
  }
}

function timeOf(text: string | null | undefined): number | null {
  if (!text) return null;
  try {
    return parseXbDateTime(text);
  } catch {
    return null;
  }
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

export function orderView(o: TranOrder): XiaobaoOrder {
  return {
    id: o.id,
    orderNumber: str(o.orderNumber),
    type: o.type ?? null,
    status: o.status ?? null,
    content: str(o.content),
    schoolName: str(o.schoolName),
    dealAt: timeOf(o.dealDate) ?? timeOf(o.createdTime),
    shouldPayFen: fenOf(o.shouldPay),
    realPayFen: fenOf(o.realPay),
    arrearsFen: fenOf(o.arrearage),
    hasDetail: o.type !== null && o.type !== undefined && DETAIL_ENDPOINT_BY_TYPE[o.type] !== undefined,
  };
}

/** Students in `orders` matching `query` (a name part, or a student id), newest first. */
export function matchStudents(orders: readonly TranOrder[], query: string): XiaobaoStudent[] {
  const q = query.trim().toLowerCase();
  const asId = /^\d+$/.test(q) ? Number(q) : null;
  const by = new Map<number, XiaobaoStudent>();
  for (const o of orders) {
    if (!o.stuInfoId || o.stuInfoId < 1) continue;
    const name = o.stuName ?? '';
    if (!(name.toLowerCase().includes(q) || (asId !== null && o.stuInfoId === asId))) continue;
    const at = timeOf(o.dealDate) ?? timeOf(o.createdTime);
    const s = by.get(o.stuInfoId) ?? {
      stuInfoId: o.stuInfoId,
      name,
      schoolName: str(o.schoolName),
      arrearsFen: 0,
      lastOrderAt: null,
    };
    if (o.status !== ORDER_STATUS.voided && o.status !== ORDER_STATUS.expired) s.arrearsFen += fenOf(o.arrearage) ?? 0;
    if (at !== null && (s.lastOrderAt === null || at > s.lastOrderAt)) {
      s.lastOrderAt = at;
      if (name) s.name = name;
      if (o.schoolName) s.schoolName = o.schoolName;
    }
    by.set(o.stuInfoId, s);
  }
  // An exact id match first, then the most recently seen.
  return [...by.values()].sort(
    (a, b) =>
      Number(b.stuInfoId === asId) - Number(a.stuInfoId === asId) || (b.lastOrderAt ?? 0) - (a.lastOrderAt ?? 0),
  );
}

function accountRows(details: readonly AccountDetail[] | null | undefined): Row[] {
  return (details ?? []).map((d) => ({
    name: d.accountName ?? '—',
    qty: null,
    amountFen: fenOf(d.amount),
    note: str(d.orderNumber),
  }));
}

const qtyText = (count: number | null | undefined, unit: number | null | undefined): string | null => {
  if (count === null || count === undefined) return null;
  const u = fenOf(unit);
  return u === null ? String(count) : `${count} × ${(u / 100).toFixed(2)}`;
};

/** The six detail kinds as sections of readable rows. */
export function detailSections(
  type: number,
  d: unknown,
): { sections: Section[]; remain: number | null; comment: string | null } {
  const sections: Section[] = [];
  const push = (kind: Section['kind'], rows: Row[]) => {
    if (rows.length > 0) sections.push({ kind, rows });
  };
  const any = d as { baseInfo?: TranOrder; comment?: string | null };
  let remain: number | null = null;
  type Lesson = NonNullable<DetailOf<'GetSignupOrderDetail'>['signupLessons']>[number];
  const lessonRow = (l: Lesson): Row => ({
    name: l.lessonName ?? '—',
    qty: qtyText(l.count, l.unitPrice),
    amountFen: fenOf(l.realAmount),
    note: str(l.className),
  });
  const promotionRows = (lessons: readonly Lesson[]): Row[] =>
    lessons.flatMap((l) => {
      const out: Row[] = [];
      if (l.tranMarketing && (fenOf(l.tranMarketing.marketingPromotionAmount) ?? 0) !== 0)
        out.push({
          name: l.tranMarketing.marketingComment ?? '优惠',
          qty: null,
          amountFen: fenOf(l.tranMarketing.marketingPromotionAmount),
          note: str(l.lessonName),
        });
      if (l.microMartCouponPromotion)
        out.push({
          name: l.microMartCouponPromotion.couponName ?? '优惠券',
          qty: null,
          amountFen: fenOf(l.microMartCouponPromotion.apportionPromotionAmount),
          note: str(l.lessonName),
        });
      return out;
    });
  type Item = NonNullable<DetailOf<'GetItemTranOrderDetail'>['itemTrans']>[number];
  const itemRow = (i: Item): Row => ({
    name: i.itemName ?? '—',
    qty: qtyText(i.count, i.unitPrice),
    amountFen: fenOf(i.realAmount),
    note: str(i.comment),
  });
  switch (DETAIL_ENDPOINT_BY_TYPE[type]) {
    case 'GetSignupOrderDetail': {
      const x = d as DetailOf<'GetSignupOrderDetail'>;
      const lessons = x.signupLessons ?? [];
      push('lessons', lessons.map(lessonRow));
      push(
        'items',
        lessons.flatMap((l) => (l.itemTrans ?? []).map(itemRow)),
      );
      push('promotions', promotionRows(lessons));
      break;
    }
    case 'GetAccountChangeOrderDetail':
      remain = fenOf((d as DetailOf<'GetAccountChangeOrderDetail'>).accountRemain);
      break;
    case 'GetTurnClassOrderDetail': {
      const x = d as DetailOf<'GetTurnClassOrderDetail'>;
      push(
        'turn-out',
        (x.turnOutLessons ?? []).map((l) => ({
          name: l.lessonName ?? '—',
          qty: l.classtimes === null || l.classtimes === undefined ? null : String(l.classtimes),
          amountFen: fenOf(l.amount),
          note: str(l.comment),
        })),
      );
      if (x.turnInLesson) push('turn-in', [lessonRow(x.turnInLesson)]);
      break;
    }
    case 'GetRefundMoneryOrderDetail': {
      const x = d as DetailOf<'GetRefundMoneryOrderDetail'>;
      push(
        'refund-lessons',
        (x.refundLessons ?? []).map((l) => ({
          name: l.lessonName ?? '—',
          qty: l.classtimes === null || l.classtimes === undefined ? null : String(l.classtimes),
          amountFen: fenOf(l.amount),
          note: str(l.comment),
        })),
      );
      break;
    }
    case 'GetItemTranOrderDetail':
      push('items', ((d as DetailOf<'GetItemTranOrderDetail'>).itemTrans ?? []).map(itemRow));
      break;
    case 'GetRepairTranOrderDetail':
      push(
        'repairs',
        ((d as DetailOf<'GetRepairTranOrderDetail'>).repairTrans ?? []).map((r) => ({
          name: r.arrearageTranName ?? '—',
          qty: null,
          amountFen: fenOf(r.repairAmount),
          note: str(r.comment),
        })),
      );
      break;
    default:
      break;
  }
  push('accounts', accountRows(any.baseInfo?.accountDetails));
  return { sections, remain, comment: str(any.comment) };
}

/** How far past now the finder's window reaches (whole-second ERP times, clock differences). */
const CLOCK_MARGIN_MS = 5 * 60_000;

export interface DeskReadsOptions {
  client: XiaobaoClient;
  now: () => number;
  schoolId: number | null;
  searchDays: number;
  /** How long the finder's order list is reused (default 30 s). */
  cacheMs?: number;
}

export function createDeskReads(opts: DeskReadsOptions) {
  const { client, now } = opts;
  const cacheMs = opts.cacheMs ?? 30_000;
  let recent: { at: number; orders: Promise<TranOrder[]> } | null = null;
  const school = opts.schoolId !== null ? { schoolId: opts.schoolId } : {};

  function recentOrders(): Promise<TranOrder[]> {
    const t = now();
    if (recent && t - recent.at < cacheMs) return recent.orders;
    // The end runs a little past now: the ERP compares whole seconds and its clock may be ahead.
    const orders = client.listTranOrders({ from: t - opts.searchDays * DAY_MS, to: t + CLOCK_MARGIN_MS, ...school });
    const entry = { at: t, orders };
    recent = entry;
    orders.catch(() => {
      if (recent === entry) recent = null;
    });
    return orders;
  }

  return {
    async students(query: string): Promise<XiaobaoStudent[]> {
      return matchStudents(await recentOrders(), query).slice(0, 50);
    },

    /** accountRemain of the student's newest account change in the search window; null when none. */
    async balance(stuInfoId: number): Promise<number | null> {
      recent = null; // a balance must not come from a stale list
      const changes = (await recentOrders())
        .filter((o) => o.stuInfoId === stuInfoId && o.type === TRAN_ORDER_TYPE_ACCOUNT_CHANGE)
        .filter((o) => o.status !== ORDER_STATUS.voided && o.status !== ORDER_STATUS.expired)
        .sort((a, b) => (timeOf(b.createdTime) ?? 0) - (timeOf(a.createdTime) ?? 0) || b.id - a.id);
      const newest = changes[0];
      if (!newest) return null;
      const detail = await client.getOrderDetail('GetAccountChangeOrderDetail', newest.id);
      return fenOf(detail.accountRemain);
    },

    async orders(q: {
      stuInfoId: number;
      from: number;
      to: number;
      type?: number | undefined;
      status?: number | undefined;
    }): Promise<XiaobaoOrder[]> {
      const list = await client.listTranOrders({
        from: q.from,
        to: q.to,
        ...school,
        ...(q.type !== undefined ? { tranOrderType: q.type as 1 } : {}),
      });
      return list
        .filter((o) => o.stuInfoId === q.stuInfoId && (q.status === undefined || o.status === q.status))
        .map(orderView)
        .sort((a, b) => (b.dealAt ?? 0) - (a.dealAt ?? 0) || b.id - a.id);
    },

    async detail(id: number, type: number): Promise<XiaobaoOrderDetail | null> {
      const endpoint = DETAIL_ENDPOINT_BY_TYPE[type];
      if (!endpoint) return null;
      const d = (await client.getOrderDetail(endpoint, id)) as { baseInfo: TranOrder };
      const { sections, remain, comment } = detailSections(type, d);
      return { order: orderView(d.baseInfo), sections, accountRemainFen: remain, comment };
    },
  };
}

export type DeskReads = ReturnType<typeof createDeskReads>;
