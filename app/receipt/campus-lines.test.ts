import { expect, it } from 'vitest';
import { campusReceiptLines } from './campus-lines.js';
import { buildReceipt } from './receipt.js';

it('prints the student, card number, class and each package validity in Chinese', () => {
  const lines = campusReceiptLines({
    empName: '陈雅诺',
    cardNo: '335731330',
    records: [
      {
        itemName: '短信套餐-家长一',
        validFrom: '2026-12-05',
        validTo: '2027-12-05',
        cardNo: '335731330',
        className: '三年级（2）班',
      },
      {
        itemName: '短信套餐-家长二',
        validFrom: '2026-12-05',
        validTo: '2027-12-05',
        cardNo: '335731330',
        className: '三年级（2）班',
      },
    ],
  });
  expect(lines).toEqual([
    '校园卡套餐',
    '学生：陈雅诺',
    '卡号：335731330',
    '班级：三年级（2）班',
    '短信套餐-家长一：2026-12-05 至 2027-12-05',
    '短信套餐-家长二：2026-12-05 至 2027-12-05',
  ]);
  // Without confirmation records (SearchSuccessData may answer `{ error: 0 }` alone): the card from the lookup.
  expect(campusReceiptLines({ empName: '王子涵', cardNo: '335731331', records: [] })).toEqual([
    '校园卡套餐',
    '学生：王子涵',
    '卡号：335731331',
  ]);
});

it('the lines land on the receipt escaped, like any footer', () => {
  const r = buildReceipt({
    bill: {
      id: 1,
      billNo: 'T01-261205-000001-0001',
      kind: 'sale',
      businessType: 1,
      status: 'paid',
      totalFen: 3600,
      dueFen: 0,
      paidFen: 3600,
      cardNo: null,
      operatorNo: '1001',
      lines: [],
      tenders: [],
      createdAt: 0,
      updatedAt: 0,
      closedAt: 0,
    } as never,
    terminalNo: 'T01',
    paperWidthMm: 80,
    printedAt: 0,
    footer: campusReceiptLines({ empName: '<b>', cardNo: '1', records: [] }),
  });
  expect(r.body).toContain('学生：&lt;b&gt;');
  expect(r.text).toContain('卡号：1');
});
