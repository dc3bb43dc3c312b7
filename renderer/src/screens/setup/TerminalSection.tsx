import type { SetupSettings } from '../../../../app/contract/setup.js';
import type { RefObject } from 'react';
import { Field, Section, type SectionProps } from './fields.js';
import { BUSINESS_TYPES } from './texts.js';

/** 本机: terminal number, business type, language. */
export function TerminalSection({
  locale,
  t,
  err,
  draft: d,
  dispatch,
  firstInput,
}: SectionProps & { firstInput: RefObject<HTMLInputElement | null> }) {
  return (
    <Section title={t('secTerminal')} testid="setup-sec-terminal">
      <div className="setup-grid">
        <Field label={t('terminalNo')} error={err('terminalNo')} hint={t('terminalNoHint')}>
          <input
            ref={firstInput}
            className="entry-input"
            data-testid="setup-terminal-no"
            maxLength={8}
            spellCheck={false}
            value={d.terminalNo}
            onChange={(e) => dispatch({ type: 'field', key: 'terminalNo', value: e.target.value.toUpperCase() })}
          />
        </Field>
        <Field label={t('businessType')} error={err('businessType')}>
          <select
            className="entry-input"
            data-testid="setup-business-type"
            value={d.businessType}
            onChange={(e) => dispatch({ type: 'field', key: 'businessType', value: Number(e.target.value) })}
          >
            {Object.entries(BUSINESS_TYPES).map(([v, l]) => (
              <option key={v} value={v}>
                {locale === 'en' ? l.en : l.zh}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('locale')}>
          <select
            className="entry-input"
            data-testid="setup-locale"
            value={d.locale}
            onChange={(e) =>
              dispatch({ type: 'field', key: 'locale', value: e.target.value as SetupSettings['locale'] })
            }
          >
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </Field>
      </div>
    </Section>
  );
}
