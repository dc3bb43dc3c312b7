import type { ReceiptTexts } from '../../../../app/receipt/settings.js';
import { RECEIPT_LIMITS } from '../../../../app/receipt/settings.js';
import { CATALOGS, fill } from '../../i18n/instance.js';

/**
 * 系统设置 → 小票: the shop name and the header / footer lines printed on every receipt (config
 * receipt.*; limits in app/receipt/settings.ts, checked again in main when saved).
 */
const TEXT = { 'zh-CN': CATALOGS['zh-CN'].receipt, en: CATALOGS.en.receipt };

type Locale = keyof typeof TEXT;

const EMPTY: ReceiptTexts = { shopName: null, headerLines: [], footerLines: [], autoPrint: false };

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function problem(list: string[], T: (typeof TEXT)[Locale]): string | undefined {
  if (list.length > RECEIPT_LIMITS.linesMax) return fill(T.tooMany, { n: RECEIPT_LIMITS.linesMax });
  const i = list.findIndex((l) => [...l].length > RECEIPT_LIMITS.lineMax);
  return i >= 0 ? fill(T.tooLong, { i: i + 1, c: RECEIPT_LIMITS.lineMax }) : undefined;
}

export function ReceiptSection(props: {
  value: ReceiptTexts | undefined;
  onChange: (v: ReceiptTexts) => void;
  locale: Locale;
  err: (field: string) => string | undefined;
}) {
  const T = TEXT[props.locale];
  const v = props.value ?? EMPTY;
  const set = (patch: Partial<ReceiptTexts>) => props.onChange({ ...v, ...patch });
  const headerErr = problem(v.headerLines, T) ?? props.err('receipt.headerLines');
  const footerErr = problem(v.footerLines, T) ?? props.err('receipt.footerLines');
  return (
    <fieldset className="setup-section" data-testid="setup-sec-receipt">
      <legend>{T.title}</legend>
      <div className="setup-grid">
        <label className={`setup-field${props.err('receipt.shopName') ? ' setup-field-bad' : ''}`}>
          <span className="entry-label">{T.shopName}</span>
          <input
            className="entry-input"
            data-testid="setup-receipt-shop"
            maxLength={RECEIPT_LIMITS.shopNameMax}
            value={v.shopName ?? ''}
            onChange={(e) => set({ shopName: e.target.value.trim() === '' ? null : e.target.value })}
          />
          {props.err('receipt.shopName') && (
            <span className="setup-error-text" role="alert">
              {props.err('receipt.shopName')}
            </span>
          )}
        </label>
        <label className={`setup-field${headerErr ? ' setup-field-bad' : ''}`}>
          <span className="entry-label">
            {fill(T.header, { n: RECEIPT_LIMITS.linesMax, c: RECEIPT_LIMITS.lineMax })}
          </span>
          <textarea
            className="entry-input"
            data-testid="setup-receipt-header"
            rows={3}
            defaultValue={v.headerLines.join('\n')}
            onChange={(e) => set({ headerLines: lines(e.target.value) })}
          />
          {headerErr && (
            <span className="setup-error-text" role="alert">
              {headerErr}
            </span>
          )}
        </label>
        <label className={`setup-field${footerErr ? ' setup-field-bad' : ''}`}>
          <span className="entry-label">{fill(T.footer, { n: RECEIPT_LIMITS.linesMax })}</span>
          <textarea
            className="entry-input"
            data-testid="setup-receipt-footer"
            rows={2}
            defaultValue={v.footerLines.join('\n')}
            onChange={(e) => set({ footerLines: lines(e.target.value) })}
          />
          {footerErr && (
            <span className="setup-error-text" role="alert">
              {footerErr}
            </span>
          )}
        </label>
        <label className="setup-field setup-check">
          <span className="entry-label">{T.autoPrint}</span>
          <span>
            <input
              type="checkbox"
              data-testid="setup-receipt-autoprint"
              checked={v.autoPrint}
              onChange={(e) => set({ autoPrint: e.target.checked })}
            />{' '}
            {T.autoPrintHint}
          </span>
        </label>
      </div>
      <p className="hint">{T.hint}</p>
    </fieldset>
  );
}
