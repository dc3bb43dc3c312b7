/** The Xiaobao simulator's order views: what the list and detail endpoints answer (pure). */
import { formatXbDateTime } from './dates.js';
import { Yuan } from './money.js';
import type { DetailEndpoint } from './schemas.js';
import type { SimOrder } from './simulator-types.js';

const yuan = (fen: number) => Yuan.fromFen(fen);

/** The order as the ERP shows it in lists and details (`baseInfo`). */
export function baseInfo(o: SimOrder) {
  return {
    id: o.id,
    orderNumber: o.orderNumber,
    stuName: o.stuName,
    stuInfoId: o.stuInfoId,
    type: o.type,
    content: o.content,
    shouldPay: yuan(o.shouldPayFen),
    realPay: yuan(o.realPayFen),
    remain: yuan(o.remainFen),
    arrearage: yuan(o.arrearageFen),
    hrDocId: o.hrDocId,
    hrDocName: `经办人${o.hrDocId}`,
    tags: {},
    schoolId: o.schoolId,
    schoolName: o.schoolName,
    dealDate: formatXbDateTime(o.dealDate),
    seller: '',
    viceSales: '',
    teleMarketing: '',
    purchaser: '',
    status: o.status,
    salesSource: '',
    createdTime: formatXbDateTime(o.createdAt),
    sourceType: 1,
    accountDetails: o.accountDetails.map((d) => ({
      accountId: d.accountId,
      accountName: d.accountName,
      oppositeAccount: d.oppositeAccount,
      amount: yuan(d.amountFen),
      orderNumber: d.orderNumber,
      isConfirm: d.isConfirm,
      tranOrderId: o.id,
    })),
  };
}

/** The detail endpoint's answer for an order. */
export function detailOf(endpoint: DetailEndpoint, o: SimOrder): unknown {
  const b = baseInfo(o);
  switch (endpoint) {
    case 'GetSignupOrderDetail':
      return {
        baseInfo: b,
        signupLessons: (o.lines ?? []).map((l, i) => ({
          feetranId: o.id * 100 + i,
          lessonName: l.name,
          className: l.className ?? null,
          schoolName: o.schoolName,
          unitPrice: yuan(l.unitPriceFen),
          count: l.count,
          originAmount: yuan(l.unitPriceFen * l.count),
          promotionAmount: yuan(l.promotionFen ?? 0),
          ...(l.promotionFen
            ? { tranMarketing: { marketingComment: '优惠', marketingPromotionAmount: yuan(l.promotionFen) } }
            : {}),
          realAmount: yuan(l.unitPriceFen * l.count - (l.promotionFen ?? 0)),
          arrearage: yuan(0),
          itemTrans: [],
        })),
      };
    case 'GetRepairTranOrderDetail':
      return { baseInfo: b, comment: o.comment, repairTrans: [] };
    case 'GetAccountChangeOrderDetail':
      return {
        baseInfo: b,
        accountRemain: o.accountRemainFen === null ? null : yuan(o.accountRemainFen),
        comment: o.comment,
      };
    case 'GetTurnClassOrderDetail':
      return { baseInfo: b, turnOutLessons: [], turnInLesson: null };
    case 'GetRefundMoneryOrderDetail':
      return { baseInfo: b, comment: o.comment, refundLessons: [] };
    case 'GetItemTranOrderDetail':
      return {
        baseInfo: b,
        comment: o.comment,
        itemTrans: (o.lines ?? []).map((l) => ({
          itemName: l.name,
          unitPrice: yuan(l.unitPriceFen),
          count: l.count,
          realAmount: yuan(l.unitPriceFen * l.count - (l.promotionFen ?? 0)),
        })),
      };
  }
}
