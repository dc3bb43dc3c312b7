import { parseYuan } from '../../../app/money.js';
import { amountErrorText } from '../i18n/index.js';
import type { Notice } from '../store/index.js';

/** Amount-shaped text: declared once with the typed-code routing (app/scan/route-typed.ts). */
export { AMOUNT_TEXT } from '../../../app/scan/route-typed.js';

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
