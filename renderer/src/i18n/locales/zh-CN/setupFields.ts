/** Setup field names (dotted config paths) as labels, for the 需要重启 list. */
export const setupFields = {
  terminalNo: '终端号',
  businessType: '业务类型',
  locale: '界面语言',
  'gateway.url': '网关地址',
  'gateway.queryPath': '查询路径',
  'gateway.barCodePath': '付款路径',
  'backOffice.feedUrl': '后台地址',
  'printer.name': '打印机',
  'printer.paperWidthMm': '纸宽',
  'log.level': '日志级别',
  'updates.enabled': '自动更新',
  'updates.url': '更新地址',
  'secrets.gateway.authorization': '网关授权信息',
  'secrets.backOffice.token': '后台令牌',
} as const;
