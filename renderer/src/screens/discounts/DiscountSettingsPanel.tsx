import { useEffect, useState, type FormEvent } from 'react';
import { ROUND_OFF_RULES, type RoundOffRule } from '../../../../app/pricing.js';
import { fenToYuanString, parseYuan } from '../../../../app/money.js';
import { invoke } from '../../invoke.js';
import { useShowError } from '../supervisor/common.js';
import { supCall, useSup } from '../supervisor/sup-store.js';
import { useD } from './texts.js';

/**
 * On the 操作员 tab, next to the permissions: the cashier's discount limit per bill (percent and
 * yuan) and the 抹零 rule Ctrl+M applies. Saved with the supervisor's authorisation; audited.
 */
export function DiscountSettingsPanel() {
  const { D } = useD();
  const showError = useShowError();
  const [pct, setPct] = useState('');
  const [yuan, setYuan] = useState('');
  const [rule, setRule] = useState<RoundOffRule>('drop-jiao');
  const [working, setWorking] = useState(false);

  useEffect(() => {
    void invoke('discounts.settings', {}).then((r) => {
      if (!r.ok) return;
      setPct(String(r.value.cashierLimit.maxPercentOff));
      setYuan(fenToYuanString(r.value.cashierLimit.maxFen));
      setRule(r.value.roundOffRule);
    });
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const p = /^\d{1,3}$/.test(pct.trim()) ? Number(pct.trim()) : NaN;
    const y = parseYuan(yuan, { allowZero: true });
    if (!(p >= 0 && p <= 100) || !y.ok) {
      useSup.getState().setNotice({ tone: 'error', text: D('settings.bad') });
      return;
    }
    setWorking(true);
    try {
      await supCall('discounts.setSettings', { cashierLimit: { maxPercentOff: p, maxFen: y.fen }, roundOffRule: rule });
      useSup.getState().setNotice({ tone: 'ok', text: D('settings.saved') });
    } catch (err) {
      showError(err);
    } finally {
      setWorking(false);
    }
  }

  return (
    <section className="sup-section" data-testid="ops-discounts">
      <h3>{D('settings.title')}</h3>
      <p className="sup-muted">{D('settings.hint')}</p>
      <form className="sup-actions" onSubmit={onSubmit}>
        <label className="sup-field">
          {D('settings.maxPercent')}
          <input
            className="sup-input"
            data-testid="disc-limit-pct"
            inputMode="numeric"
            maxLength={3}
            value={pct}
            onChange={(e) => setPct(e.target.value)}
          />
        </label>
        <label className="sup-field">
          {D('settings.maxYuan')}
          <input
            className="sup-input"
            data-testid="disc-limit-yuan"
            inputMode="decimal"
            maxLength={12}
            value={yuan}
            onChange={(e) => setYuan(e.target.value)}
          />
        </label>
        <label className="sup-field">
          {D('settings.rule')}
          <select
            className="sup-input"
            data-testid="disc-round-rule"
            value={rule}
            onChange={(e) => setRule(e.target.value as RoundOffRule)}
          >
            {ROUND_OFF_RULES.map((r) => (
              <option key={r} value={r}>
                {D(`rule.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn" data-testid="disc-settings-save" disabled={working}>
          {D('settings.save')}
        </button>
      </form>
    </section>
  );
}
