import type { Strings } from '../strings.js';
import type { receipt as zh } from '../zh-CN/receipt.js';

export const receipt: Strings<typeof zh> = {
  title: 'Receipt text',
  shopName: 'Shop name (top of the receipt)',
  header: 'Header (one per line, at most {n} lines of {c} characters)',
  footer: 'Footer (e.g. "Thank you"; one per line, at most {n} lines)',
  tooMany: 'At most {n} lines',
  tooLong: 'Line {i} is longer than {c} characters',
  autoPrint: 'Print after payment',
  autoPrintHint: 'Print the receipt by itself when a bill is paid (off: press F10)',
  hint: 'Takes effect after a restart; long lines wrap on 58 mm paper.',
};
