import type { DisplayFailure } from '../../../app/display/view.js';
import { formatYuan } from '../../../app/money.js';
import { CATALOGS, fill, type Locale, type Params } from '../i18n/instance.js';

/** The display's texts (the `display` namespace of the catalogs). */
export type DisplayKey = keyof (typeof CATALOGS)['zh-CN']['display'];

export function displayText(locale: Locale, key: DisplayKey, params?: Params): string {
  return fill(CATALOGS[locale].display[key], params);
}

export function failureText(locale: Locale, failure: DisplayFailure): string {
  return displayText(locale, `failure.${failure}`);
}

const WALLETS = ['wxPubQR', 'alipayQR', 'unionpayDynamic', 'dynamicPay'] as const;

export function walletText(locale: Locale, payTypeCode: string): string {
  const known = (WALLETS as readonly string[]).includes(payTypeCode) ? (payTypeCode as (typeof WALLETS)[number]) : null;
  return displayText(locale, known ? `wallet.${known}` : 'wallet.other');
}

export const yuan = formatYuan;
