import { secretIsSet, SecretField, Section, UrlField, type SectionProps } from './fields.js';
import type { SecretDraft } from './form-state.js';

/** 后台: the bill feed URL and its token. */
export function BackOfficeSection({
  t,
  err,
  draft: d,
  status: s,
  dispatch,
  feedToken,
}: SectionProps & { feedToken: SecretDraft }) {
  return (
    <Section title={t('secBackOffice')} testid="setup-sec-backoffice">
      <UrlField
        label={t('feedUrl')}
        error={err('backOffice.feedUrl')}
        hint={t('feedUrlHint')}
        testid="setup-feed-url"
        value={d.backOffice.feedUrl}
        onChange={(feedUrl) => dispatch({ type: 'field', key: 'backOffice', value: { feedUrl } })}
      />
      <SecretField
        label={t('feedToken')}
        error={err('secrets.backOffice.token')}
        testid="setup-feed-token"
        isSet={secretIsSet(s, 'backOffice.token')}
        value={feedToken}
        onChange={(v) => dispatch({ type: 'set', patch: { feedToken: v } })}
        t={t}
      />
    </Section>
  );
}
