import type { BackOfficeStatus } from '../../../../app/contract/backoffice.js';
import './backoffice.css';
import { clockTime } from '../../i18n/useT.js';
import { useBackOfficeStatus } from './status-store.js';
import { useBo, type BoKey } from './texts.js';

/** One back office's look: 演示 for a sandbox simulator, else 正常 / 离线 / 检查中. */
export function pillOf(s: BackOfficeStatus): { tone: 'ok' | 'bad' | 'idle' | 'warn'; state: BoKey } {
  if (s.source === 'sandbox') return { tone: 'warn', state: 'state.demo' };
  if (s.state === 'online') return { tone: 'ok', state: 'state.online' };
  if (s.state === 'offline') return { tone: 'bad', state: 'state.offline' };
  return { tone: 'idle', state: 'state.unknown' };
}

/**
 * The status bar's back-office pills (校宝 / 网校 / 校园卡): one per configured back office
 * (正常 / 离线 / 检查中). Those running on the sandbox's embedded simulators share ONE pill,
 * 演示后台, listing them (the bar has room for no more at 1024 px; the tooltip names them). A
 * back office that is not configured shows nothing here — 未配置 is on the setup screen.
 */
export function BackOfficePills() {
  const { B, locale } = useBo();
  const systems = useBackOfficeStatus((s) => s.systems);
  const configured = systems.filter((s) => s.source === 'configured');
  const demo = systems.filter((s) => s.source === 'sandbox');
  const sep = locale === 'en' ? ', ' : '、';
  return (
    <>
      {configured.map((s) => {
        const p = pillOf(s);
        const reason = locale === 'en' ? s.reasonEn : s.reasonZh;
        const title =
          s.state === 'offline' && reason
            ? reason
            : s.at !== null
              ? B('pillTitle.online', { time: clockTime(s.at) })
              : B(`systemLong.${s.system}`);
        return (
          <span
            key={s.system}
            className={`pill pill-bo pill-${p.tone}`}
            data-testid={`backoffice-pill-${s.system}`}
            data-state={s.state}
            data-source={s.source}
            title={title}
          >
            <span className="dot" />
            <span>
              {B(`system.${s.system}`)}
              <span className="pill-state">
                {locale === 'en' ? ': ' : ' '}
                {B(p.state)}
              </span>
            </span>
          </span>
        );
      })}
      {demo.length > 0 && (
        <span
          className="pill pill-bo pill-bo-demo pill-warn"
          data-testid="backoffice-pill-demo"
          data-systems={demo.map((s) => s.system).join(' ')}
          title={`${B('pillTitle.demo')}${locale === 'en' ? ': ' : '：'}${demo.map((s) => B(`systemLong.${s.system}`)).join(sep)}`}
        >
          <span className="dot" />
          <span>{B('demoPill')}</span>
        </span>
      )}
    </>
  );
}
