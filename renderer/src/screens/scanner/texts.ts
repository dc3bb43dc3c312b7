import type { Locale } from '../../i18n/index.js';
import { CATALOGS, fill } from '../../i18n/instance.js';
import type { zhCN } from '../../i18n/locales/zh-CN/index.js';

/** Texts of the scanner settings screen (zh-CN first, English available): the catalog namespace `scanner`. */
type Texts = (typeof zhCN)['scanner'];

export type ScannerTextKey = { [K in keyof Texts]: Texts[K] extends string ? K : never }[keyof Texts];

export function scannerTexts(locale: Locale): Texts {
  return CATALOGS[locale].scanner as Texts;
}

export function fmt(s: string, params: Record<string, string | number> = {}): string {
  return fill(s, params);
}

/** The scanner screen's words in one locale (what each section is given). */
export type ScannerTexts = Texts;
