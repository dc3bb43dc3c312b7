import { ERROR_CODES, type ErrorCode } from '../../../app/errors.js';
import { text as catalogText, type Locale } from './instance.js';

const CODES = new Set<string>(ERROR_CODES);

/**
 * The display edge for texts the core composes with an error code in brackets, e.g.
 * 无法处理此条码（invalid-input）: the code becomes its words (the one error catalog), so no raw
 * code reaches a zh-CN screen. Texts without a known code are returned unchanged.
 */
export function withoutRawCodes(text: string, locale: Locale): string {
  return text.replace(/\s*[（(]([a-z]+(?:-[a-z]+)+)[）)]/g, (m, code: string) =>
    CODES.has(code) ? `${locale === 'en' ? ': ' : '：'}${catalogText(locale, 'errors', code as ErrorCode)}` : m,
  );
}
