/** The Xiaobao client's paging through ≤ 1-month windows of GetTranOrderList. */
import { formatXbDateTime } from './dates.js';
import type { GetTranOrderListRequest, TranOrder } from './schemas.js';
import { XiaobaoError, type ListTranOrdersInput } from './client-types.js';

/**
 * Every order in the windows, each paged to the end (an empty page, or a page with nothing new —
 * some servers repeat the last page). Deduplicated by id; bounded by maxPages per window.
 */
export async function collectTranOrders(
  ep: string,
  windows: [number, number][],
  input: ListTranOrdersInput,
  pageSize: number,
  maxPages: number,
  getPage: (req: GetTranOrderListRequest) => Promise<TranOrder[]>,
): Promise<TranOrder[]> {
  const seen = new Map<number, TranOrder>();
  for (const [from, to] of windows) {
    for (let pageIndex = 1; ; pageIndex++) {
      if (pageIndex > maxPages) {
        throw new XiaobaoError('paging', ep, `more than ${maxPages} pages of ${pageSize} in one window`, {
          field: 'pageIndex',
          limit: `≤ ${maxPages}`,
        });
      }
      const page = await getPage({
        pageIndex,
        pageSize,
        beginDate: formatXbDateTime(from),
        endDate: formatXbDateTime(to),
        ...(input.schoolId !== undefined ? { schoolId: input.schoolId } : {}),
        ...(input.tranOrderType !== undefined ? { tranOrderType: input.tranOrderType } : {}),
        ...(input.dateType !== undefined ? { dateType: input.dateType } : {}),
      });
      let fresh = 0;
      for (const o of page) {
        if (!seen.has(o.id)) {
          seen.set(o.id, o);
          fresh++;
        }
      }
      if (page.length === 0 || fresh === 0) break;
    }
  }
  return [...seen.values()];
}
