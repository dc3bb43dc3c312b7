import type { AppErrorData } from '../../../app/result.js';
import { ERROR_CODES, type ErrorCode } from '../../../app/errors.js';
import { formatYuan, MAX_FEN, type ParseYuanError } from '../../../app/money.js';
import { CATALOGS, text, type Locale, type Params } from './instance.js';
import type { Catalog } from './locales/catalog.js';
import type { zhCN } from './locales/zh-CN/index.js';

export { fill, LOCALES, type Locale, type Params } from './instance.js';

export type MessageKey = keyof (typeof zhCN)['messages'];

/** The cashier screen's texts (catalog namespace `messages`), by locale. */
export const MESSAGES: Record<Locale, Catalog['messages']> = {
  'zh-CN': CATALOGS['zh-CN'].messages,
  en: CATALOGS.en.messages,
};

/**
 * Every error code that may cross the boundary, in words a cashier understands, with what
 * to do next (catalog namespace `errors`). Components call `errorText()`; the i18n test fails
 * when a code from app/errors.ts is missing in either language.
 */
export const ERROR_TEXT: Record<Locale, Record<ErrorCode, string>> = {
  'zh-CN': CATALOGS['zh-CN'].errors,
  en: CATALOGS.en.errors,
};

/** Text for a message key in a locale, placeholders filled. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return text(locale, 'messages', key, params);
}

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Cashier-facing text for an error that crossed the boundary. The core's own message is
 * technical (English, for logs); the screen shows the mapped text only.
 */
export function errorText(
  locale: Locale,
  error: Pick<AppErrorData, 'code'> | { code: string; details?: Record<string, unknown> | undefined },
): string {
  if (error.code === 'disk-full') {
    // 磁盘已满 names the data folder the core reported (details.dataDir).
    const d = 'details' in error ? (error.details as { dataDir?: unknown } | undefined) : undefined;
    const dataDir =
      typeof d?.dataDir === 'string' && d.dataDir !== ''
        ? d.dataDir
        : locale === 'en'
          ? 'the data folder'
          : '数据文件夹';
    return text(locale, 'errors', 'disk-full', { dataDir });
  }
  return text(locale, 'errors', isErrorCode(error.code) ? error.code : 'internal-error');
}

/** Text for a rejected amount, naming the limit. */
export function amountErrorText(locale: Locale, error: ParseYuanError): string {
  switch (error.reason) {
    case 'empty':
      return translate(locale, 'amount.empty');
    case 'not-a-number':
      return translate(locale, 'amount.notNumber');
    case 'too-many-decimals':
      return translate(locale, 'amount.tooManyDecimals');
    case 'not-positive':
      return translate(locale, 'amount.notPositive');
    case 'too-large':
      return translate(locale, 'amount.tooLarge', { max: formatYuan(error.maxFen ?? MAX_FEN).replace('¥', '') });
  }
}
