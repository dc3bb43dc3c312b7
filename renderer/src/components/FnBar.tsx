import { useT } from '../i18n/useT.js';
import { FUNCTION_KEYS } from '../keymap.js';
import { focusEntry } from '../focus.js';
import { selectPhase, useCounter } from '../store/index.js';

/** The on-screen keyboard map: one button per function key (touch targets ≥ 44 px). */
export function FnBar() {
  const { t } = useT();
  const phase = useCounter(selectPhase);
  // Re-render when things the enabled() checks read change.
  useCounter((s) => s.bill);
  useCounter((s) => s.selectedLine);
  useCounter((s) => s.lastCompleted);
  return (
    <footer className="fnbar" data-testid="key-hints">
      {FUNCTION_KEYS.filter((k) => k.bar).map((k) => {
        const enabled = k.enabled(phase);
        return (
          <button
            key={k.id}
            type="button"
            className="fnkey"
            data-testid={`fn-${k.id}`}
            disabled={!enabled}
            onClick={() => {
              void Promise.resolve(k.run()).then(focusEntry);
            }}
          >
            <kbd>{k.key}</kbd>
            <span>{t(k.label)}</span>
          </button>
        );
      })}
      <span className="fnkey fnkey-static">
        <kbd>Esc</kbd>
        <span>{t(phase === 'paying' ? 'pay.stopWaiting' : 'fn.back')}</span>
      </span>
    </footer>
  );
}
