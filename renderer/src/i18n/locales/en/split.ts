import type { Catalog } from '../catalog.js';

/** Split payment: the collect panel, the F2 cash part and the Ctrl+G part amount. */
export const split: Catalog['split'] = {
  'parts.title': 'Received',
  'parts.paid': 'Received {paid}',
  'due.rest': 'Still due',
  'head.partly': 'Part paid: collect the rest',
  'next.part': 'Next scan collects {amount}',
  'next.whole': 'A scan collects the whole rest, {amount}',
  'cash.part': 'Take {tendered} in cash, {rest} still due',
  'cash.partDone': 'Took {tendered} in cash, {rest} still due',
  'cash.partSubmit': 'Take this part',
  'part.title': 'Split payment',
  'part.amount': 'This scan collects (yuan)',
  'part.hint':
    'When the customer’s wallet limit is below the bill, collect part of it: type the amount, press Enter, then scan; scan again for the rest. Enter on an empty field: the whole rest',
  'part.submit': 'OK',
  'part.set': 'The next scan collects {amount}: scan the payment code',
  'part.cleared': 'The next scan collects the whole rest',
  'part.tooMuch': 'The part cannot exceed the {due} still due',
  'part.notNow': 'No split now: press Enter to collect first',
  'key.part': 'Split',
  'sup.partly':
    'Part of this bill is paid ({paid} of {total}) and it cannot be voided: refund the paid parts and the bill is voided with them',
  'wallet.wechat': 'WeChat Pay',
  'wallet.alipay': 'Alipay',
  'wallet.unionpay': 'UnionPay',
  'hint.partly': 'The scanner works anywhere; or type the code and press Enter. F2 for cash, Ctrl+G to split',
};
