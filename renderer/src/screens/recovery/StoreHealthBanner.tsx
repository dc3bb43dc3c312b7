import { useT } from '../../i18n/useT.js';
import { useStoreHealth } from './store.js';
import { recoveryText } from './texts.js';

/**
 * The red banner when the ledger failed its full integrity check after start (a big ledger is
 * checked in a worker thread once the counter is up). From then on the core refuses new barcode
 * and cash payments with `store-corrupt`; this says so in words, on every screen.
 */
export function StoreHealthBanner() {
  const { locale } = useT();
  const health = useStoreHealth();
  if (health?.state !== 'failed') return null;
  return (
    <div className="store-health-banner" role="alert" data-testid="store-health-banner">
      <strong>{recoveryText(locale, 'banner')}</strong>
      <span>{recoveryText(locale, 'bannerDetail')}</span>
    </div>
  );
}
