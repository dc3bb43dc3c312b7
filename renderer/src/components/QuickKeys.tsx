import { formatYuan } from '../../../app/money.js';
import { addQuickKey } from '../actions.js';
import { focusEntry } from '../focus.js';
import { useT } from '../i18n/useT.js';
import { useCounter } from '../store/index.js';

/** Quick keys: big buttons for the most sold items; Alt+1…Alt+9, Alt+0 for key 10. */
export function QuickKeys() {
  const { t } = useT();
  const items = useCounter((s) => s.quickKeys);
  if (items.length === 0) return null;
  return (
    <section className="quick" data-testid="quick-keys">
      <div className="quick-title">{t('quick.title')}</div>
      <div className="quick-grid">
        {items.map((i) => (
          <button
            key={i.code}
            type="button"
            className="quick-key"
            data-testid={`quick-key-${i.quickKey}`}
            onClick={() => {
              if (i.quickKey !== null) void addQuickKey(i.quickKey).then(focusEntry);
            }}
          >
            {i.quickKey !== null && i.quickKey <= 10 && <kbd>Alt+{i.quickKey % 10}</kbd>}
            <span className="quick-name">{i.name}</span>
            <span className="quick-price">{formatYuan(i.priceFen)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
