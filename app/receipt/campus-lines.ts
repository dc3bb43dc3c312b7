/**
 * The lines a smart-campus package sale adds to its receipt (校园卡套餐, issue 16 item 4): the
 * student, the card number, the class and each package's validity. Printed in Chinese like the
 * rest of the receipt; used by the counter's preview and by the core's printing alike.
 */
export interface CampusReceiptInfo {
  empName: string;
  cardNo: string;
  records: readonly { itemName: string; validFrom: string; validTo: string; cardNo: string; className: string }[];
}

export function campusReceiptLines(info: CampusReceiptInfo): string[] {
  const first = info.records[0];
  const cardNo = first?.cardNo || info.cardNo;
  const className = info.records.find((r) => r.className !== '')?.className ?? '';
  return [
    '校园卡套餐',
    `学生：${info.empName}`,
    ...(cardNo ? [`卡号：${cardNo}`] : []),
    ...(className ? [`班级：${className}`] : []),
    ...info.records.map((r) => `${r.itemName}：${r.validFrom} 至 ${r.validTo}`),
  ];
}
