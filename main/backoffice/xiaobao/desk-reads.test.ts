import { describe, expect, it } from 'vitest';
import { detailSections, matchStudents, orderView } from './desk-reads.js';
import type { TranOrder } from './schemas.js';

const order = (o: Partial<TranOrder> & { id: number }): TranOrder => ({
  stuInfoId: 7,
  stuName: '李小红',
  schoolName: '东校区',
  type: 1,
  status: 2,
  createdTime: '2026-12-01T10:00:00',
  dealDate: '2026-12-01T10:00:00',
  ...o,
});

describe('the student finder', () => {
  const orders = [
    order({ id: 1, arrearage: 12.5 }),
    order({ id: 2, arrearage: 7.5, dealDate: '2026-12-03T09:00:00', schoolName: '西校区' }),
    order({ id: 3, arrearage: 100, status: 3 }), // voided: its arrears do not count
    order({ id: 4, stuInfoId: 77, stuName: '王小红', arrearage: 0, dealDate: '2026-11-01T09:00:00' }),
    order({ id: 5, stuInfoId: 8, stuName: '赵六' }),
  ];

  it('matches a name part, sums live arrears in fen, takes the newest school, newest first', () => {
    expect(matchStudents(orders, '小红')).toEqual([
      { stuInfoId: 7, name: '李小红', schoolName: '西校区', arrearsFen: 2_000, lastOrderAt: expect.any(Number) },
      { stuInfoId: 77, name: '王小红', schoolName: '东校区', arrearsFen: 0, lastOrderAt: expect.any(Number) },
    ]);
  });

  it('an exact student id comes first, and digits never match a name by accident', () => {
    expect(matchStudents(orders, '77').map((s) => s.stuInfoId)).toEqual([77]);
    expect(matchStudents(orders, '8').map((s) => s.stuInfoId)).toEqual([8]);
    expect(matchStudents(orders, '陈')).toEqual([]);
  });
});

describe('order details, readable', () => {
  it('signup: lessons with quantity × price, their items, promotions and coupons, accounts', () => {
    const d = {
      baseInfo: order({ id: 1, accountDetails: [{ accountName: '现金', amount: 2800, orderNumber: 'T01-1' }] }),
      signupLessons: [
        {
          lessonName: '钢琴',
          className: '周六班',
          count: 10,
          unitPrice: 300,
          realAmount: 2800,
          tranMarketing: { marketingComment: '老生续费', marketingPromotionAmount: 150 },
          microMartCouponPromotion: { couponName: '新人券', apportionPromotionAmount: 50 },
          itemTrans: [{ itemName: '琴谱', count: 1, unitPrice: 30, realAmount: 30 }],
        },
      ],
    };
    expect(detailSections(1, d).sections).toEqual([
      { kind: 'lessons', rows: [{ name: '钢琴', qty: '10 × 300.00', amountFen: 280_000, note: '周六班' }] },
      { kind: 'items', rows: [{ name: '琴谱', qty: '1 × 30.00', amountFen: 3_000, note: null }] },
      {
        kind: 'promotions',
        rows: [
          { name: '老生续费', qty: null, amountFen: 15_000, note: '钢琴' },
          { name: '新人券', qty: null, amountFen: 5_000, note: '钢琴' },
        ],
      },
      { kind: 'accounts', rows: [{ name: '现金', qty: null, amountFen: 280_000, note: 'T01-1' }] },
    ]);
  });

  it('account change: the balance after; turn class: out and in; refund: lessons; items; repairs', () => {
    expect(detailSections(2, { baseInfo: order({ id: 2 }), accountRemain: 99.99 }).remain).toBe(9_999);
    expect(
      detailSections(3, {
        baseInfo: order({ id: 3 }),
        turnOutLessons: [{ lessonName: '美术', classtimes: 4, amount: 400 }],
        turnInLesson: { lessonName: '书法', count: 4, unitPrice: 100, realAmount: 400 },
      }).sections.map((s) => [s.kind, s.rows[0]?.name, s.rows[0]?.amountFen]),
    ).toEqual([
      ['turn-out', '美术', 40_000],
      ['turn-in', '书法', 40_000],
    ]);
    expect(
      detailSections(7, {
        baseInfo: order({ id: 4 }),
        refundLessons: [{ lessonName: '舞蹈', classtimes: 2, amount: 200 }],
      }).sections,
    ).toEqual([{ kind: 'refund-lessons', rows: [{ name: '舞蹈', qty: '2', amountFen: 20_000, note: null }] }]);
    expect(
      detailSections(8, {
        baseInfo: order({ id: 5 }),
        itemTrans: [{ itemName: '校服', count: 2, unitPrice: 80, realAmount: 160 }],
      }).sections,
    ).toEqual([{ kind: 'items', rows: [{ name: '校服', qty: '2 × 80.00', amountFen: 16_000, note: null }] }]);
    expect(
      detailSections(10, {
        baseInfo: order({ id: 6 }),
        repairTrans: [{ arrearageTranName: '钢琴欠费', repairAmount: 50, comment: '补齐' }],
      }).sections,
    ).toEqual([{ kind: 'repairs', rows: [{ name: '钢琴欠费', qty: null, amountFen: 5_000, note: '补齐' }] }]);
  });

  it('an order type without a detail endpoint says so; amounts that are not yuan become null, not NaN', () => {
    expect(orderView(order({ id: 9, type: 6 })).hasDetail).toBe(false);
    expect(orderView(order({ id: 9, type: 1, realPay: 1.005 })).realPayFen).toBeNull();
  });
});
