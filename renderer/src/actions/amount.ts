import { parseYuan } from '../../../app/money.js';
import { amountErrorText } from '../i18n/index.js';
import type { Notice } from '../store/index.js';

/** Text in the entry that can only be an amount (digits, point, ¥, spaces). */
export const AMOUNT_TEXT = /^[\d.,¥\s+-]+$/;

/** An amount in yuan as fen, or the notice that says why it is not one (naming the limit). */
export function parseAmount(text: string, opts?: { allowZero?: boolean }): { fen: number } | { notice: Notice } {
  const parsed = parseYuan(text, opts);
  if (parsed.ok) return { fen: parsed.fen };
  return {
    notice: {
      tone: 'error',
      kind: 'text',
      zh: amountErrorText('zh-CN', parsed.error),
      en: amountErrorText('en', parsed.error),
    },
  };
}
