import type { AppErrorData } from '../../../app/result.js';
import { ERROR_CODES, type ErrorCode } from '../../../app/errors.js';
import { formatYuan, MAX_FEN, type ParseYuanError } from '../../../app/money.js';
import { ERROR_TEXT } from './errors.js';
import { MESSAGES, type Locale, type MessageKey } from './messages.js';

export { ERROR_TEXT } from './errors.js';
export { LOCALES, MESSAGES, type Locale, type MessageKey } from './messages.js';

export type Params = Record<string, string | number>;

function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** Text for a message key in a locale, placeholders filled. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return fill(MESSAGES[locale][key] ?? MESSAGES['zh-CN'][key] ?? key, params);
}

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Cashier-facing text for an error that crossed the boundary. The core's own message is
 * technical (English, for logs); the screen shows the mapped text only.
 */
export function errorText(locale: Locale, error: Pick<AppErrorData, 'code'> | { code: string; details?: Record<string, unknown> | undefined }): string {
  const table = ERROR_TEXT[locale];
  if (error.code === 'disk-full') {
    // 磁盘已满 names the data folder the core reported (details.dataDir).
    const d = 'details' in error ? (error.details as { dataDir?: unknown } | undefined) : undefined;
    const dataDir = typeof d?.dataDir === 'string' && d.dataDir !== '' ? d.dataDir : locale === 'en' ? 'the data folder' : '数据文件夹';
    return fill(table['disk-full'], { dataDir });
  }
  if (isErrorCode(error.code)) return table[error.code];
  return table['internal-error'];
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
