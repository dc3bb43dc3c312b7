/**
 * All text on the cashier screen. zh-CN is the default and the source of keys; English must
 * have every key (enforced by the type and by the i18n test). Placeholders: `{name}`.
 */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export const zhCN = {
  'app.title': 'Counterpay 收银台',
  'app.sandbox': '演示',
  'app.sandboxTitle': '演示模式：使用内置的模拟支付网关，不会真实扣款',
  'app.language': 'English',
  'app.languageTitle': '切换到英文界面',

  'conn.connecting': '正在连接收银核心……',
  'conn.open': '已连接',
  'conn.closed': '连接中断，正在重新连接……',
  'conn.no-token': '缺少访问令牌：请通过启动程序给出的链接打开收银台',
  'conn.label': '核心',

  'link.gateway': '支付网关',
  'link.backOffice': '后台',
  'link.scanner': '扫码枪',
  'link.online': '正常',
  'link.degraded': '不稳定',
  'link.offline': '离线',
  'link.unknown': '未知',
  'link.outbox': '待上传 {n} 笔',

  'amount.label': '收款金额（元）',
  'amount.placeholder': '输入金额，按 Enter',
  'amount.hint': '输入金额后按 Enter 开单收款',
  'amount.empty': '请输入金额（元），例如 12.50',
  'amount.notNumber': '金额只能包含数字和小数点，例如 12.50',
  'amount.tooManyDecimals': '金额最多两位小数（精确到分），例如 12.50',
  'amount.notPositive': '金额必须大于 0（最少 0.01 元）',
  'amount.tooLarge': '金额太大：单笔最多 {max} 元',

  'bill.total': '应收',
  'bill.no': '单号',
  'bill.locked': '收款中 · 单据已锁定',
  'bill.quickLine': '快速收款',
  'bill.none': '没有进行中的单据',

  'pay.scanPrompt': '请扫描付款码',
  'pay.scanHint': '扫码枪随时可用；也可以手动输入付款码后按 Enter',
  'pay.codeLabel': '付款码',
  'pay.codePlaceholder': '扫描或输入付款码，按 Enter',
  'pay.codeTooLong': '付款码太长：最多 40 位，现在是 {n} 位。请重新扫描',
  'pay.codeEmpty': '请扫描付款码',
  'pay.state.created': '正在发送……',
  'pay.state.sent': '正在发送……',
  'pay.state.awaiting-payer': '等待顾客输入密码',
  'pay.state.paid': '支付成功',
  'pay.state.declined': '支付失败',
  'pay.state.unconfirmed': '支付结果未确认',
  'pay.state.cancelled': '支付已取消',
  'pay.elapsed': '已等待 {elapsed} 秒 / 最长 {limit} 秒',
  'pay.stopWaiting': '停止等待',
  'pay.stopWaitingHint': '不会取消支付：系统会在后台继续查询结果',
  'pay.amount': '金额',
  'pay.code': '付款码',
  'pay.next.rescan': '下一步：请顾客刷新付款码后重新扫描，或改用其他方式付款',
  'pay.next.check-phone': '下一步：请顾客查看手机上的支付结果',
  'pay.next.take-cash': '下一步：改收现金',
  'pay.next.call-supervisor': '下一步：请联系值班主管处理',
  'pay.next.none': '',
  'pay.unconfirmedNext':
    '系统会在后台继续查询这笔支付，值班主管可以在交班时看到结果。不要让顾客重复付款；如果顾客手机显示已扣款，请记下单号',
  'pay.paidNext': '按 Enter 或直接输入下一笔金额开始新单',
  'pay.declinedNext': '请顾客刷新付款码后重新扫描',
  'pay.lastDone': '上一单 {billNo} · {amount} · {status}',

  'status.ready': '就绪',
  'status.sending': '正在发送……',
  'status.busy': '处理中……',

  'scan.routed': '扫码：{text}',

  'key.enter': '确认',
  'key.esc': '返回 / 停止等待',
  'key.newSale': '下一单',
  'amount.submit': '开单',
  'pay.submit': '收款',
} as const;

export type MessageKey = keyof typeof zhCN;

export const en: Record<MessageKey, string> = {
  'app.title': 'Counterpay cashier',
  'app.sandbox': 'SANDBOX',
  'app.sandboxTitle': 'Sandbox: the embedded test gateway is in use; no real money moves',
  'app.language': '中文',
  'app.languageTitle': 'Switch to Chinese',

  'conn.connecting': 'Connecting to the cashier core…',
  'conn.open': 'Connected',
  'conn.closed': 'Connection lost; reconnecting…',
  'conn.no-token': 'No access token: open the cashier from the link the launcher printed',
  'conn.label': 'Core',

  'link.gateway': 'Gateway',
  'link.backOffice': 'Back office',
  'link.scanner': 'Scanner',
  'link.online': 'online',
  'link.degraded': 'unstable',
  'link.offline': 'offline',
  'link.unknown': 'unknown',
  'link.outbox': '{n} waiting to upload',

  'amount.label': 'Amount (yuan)',
  'amount.placeholder': 'Type an amount, press Enter',
  'amount.hint': 'Type the amount and press Enter to start a sale',
  'amount.empty': 'Type an amount in yuan, e.g. 12.50',
  'amount.notNumber': 'Use digits and a decimal point only, e.g. 12.50',
  'amount.tooManyDecimals': 'At most two decimals (fen), e.g. 12.50',
  'amount.notPositive': 'The amount must be more than 0 (at least 0.01 yuan)',
  'amount.tooLarge': 'Too large: at most {max} yuan per bill',

  'bill.total': 'Total due',
  'bill.no': 'Bill',
  'bill.locked': 'Payment in progress · bill locked',
  'bill.quickLine': 'Quick sale',
  'bill.none': 'No open bill',

  'pay.scanPrompt': 'Scan the payment code',
  'pay.scanHint': 'The scanner works anywhere; or type the code and press Enter',
  'pay.codeLabel': 'Payment code',
  'pay.codePlaceholder': 'Scan or type the payment code, press Enter',
  'pay.codeTooLong': 'Payment code too long: 40 characters at most, got {n}. Scan again',
  'pay.codeEmpty': 'Scan the payment code',
  'pay.state.created': 'Sending…',
  'pay.state.sent': 'Sending…',
  'pay.state.awaiting-payer': 'Waiting for the customer to enter the password',
  'pay.state.paid': 'Paid',
  'pay.state.declined': 'Payment failed',
  'pay.state.unconfirmed': 'Payment not confirmed',
  'pay.state.cancelled': 'Payment cancelled',
  'pay.elapsed': 'Waiting {elapsed} s of {limit} s',
  'pay.stopWaiting': 'Stop waiting',
  'pay.stopWaitingHint': 'Does not cancel the payment: it keeps being checked in the background',
  'pay.amount': 'Amount',
  'pay.code': 'Code',
  'pay.next.rescan': 'Next: ask the customer to refresh the code and scan again, or use another tender',
  'pay.next.check-phone': 'Next: ask the customer to check the phone',
  'pay.next.take-cash': 'Next: take cash',
  'pay.next.call-supervisor': 'Next: call the supervisor',
  'pay.next.none': '',
  'pay.unconfirmedNext':
    'The payment keeps being checked in the background and the supervisor sees it at shift close. Do not let the customer pay twice; if the phone shows a charge, note the bill number',
  'pay.paidNext': 'Press Enter or type the next amount to start a new sale',
  'pay.declinedNext': 'Ask the customer to refresh the code and scan again',
  'pay.lastDone': 'Last bill {billNo} · {amount} · {status}',

  'status.ready': 'Ready',
  'status.sending': 'Sending…',
  'status.busy': 'Working…',

  'scan.routed': 'Scan: {text}',

  'key.enter': 'confirm',
  'key.esc': 'back / stop waiting',
  'key.newSale': 'Next sale',
  'amount.submit': 'Start',
  'pay.submit': 'Collect',
};

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
