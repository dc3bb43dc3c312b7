import { useCallback } from 'react';
import { CATALOGS, fill, type Params } from '../../i18n/instance.js';
import { selectLocale, useCounter } from '../../store/index.js';
import { TENDER_KINDS, type TenderKind } from '../../../../app/tender-kinds.js';

/** Texts of the bill history (namespace `history` of the catalogs). */
const TEXT = { 'zh-CN': CATALOGS['zh-CN'].history, en: CATALOGS.en.history };
export type HistoryKey = keyof (typeof TEXT)['zh-CN'];
export type { TenderKind };
/** The tender filter's order: cash first, then the others as declared. */
export const TENDERS: readonly TenderKind[] = ['cash', ...TENDER_KINDS.filter((k) => k !== 'cash')];

export function useH(): { H: (key: HistoryKey, params?: Params) => string; locale: 'zh-CN' | 'en' } {
  const locale = useCounter(selectLocale);
  const H = useCallback((key: HistoryKey, params?: Params) => fill(TEXT[locale][key], params), [locale]);
  return { H, locale };
}
