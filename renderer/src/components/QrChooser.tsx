import { useEffect, useState } from 'react';
import { QR_PAY_TYPES, type QrPayType } from '../../../app/payment/scan-code.js';
import { chooseQrPayType, loadQrSettings, startQrPay } from '../actions.js';
import { focusEntry } from '../focus.js';
import type { MessageKey } from '../i18n/index.js';
import { useT } from '../i18n/useT.js';

/**
 * At 请扫描付款码: the payer has no code to show, so the counter shows a QR instead. Scanning
 * stays the default; Ctrl+Q shows the chosen pay type's QR (the configured one until the cashier
 * picks another here), a click shows that one.
 */
export function QrChooser() {
  const { t } = useT();
  const [chosen, setChosen] = useState<QrPayType | null>(null);
  useEffect(() => {
    let live = true;
    void loadQrSettings().then((s) => {
      if (live && s) setChosen((c) => c ?? s.defaultPayType);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="qr-chooser" data-testid="qr-chooser" role="group" aria-label={t('pay.qr.show')}>
      <span className="qr-chooser-label">
        {t('pay.qr.show')} <kbd>Ctrl+Q</kbd>
      </span>
      {QR_PAY_TYPES.map((type) => (
        <button
          key={type}
          type="button"
          className={`btn qr-type${chosen === type ? ' qr-type-chosen' : ''}`}
          data-testid={`qr-type-${type}`}
          aria-pressed={chosen === type}
          onClick={() => {
            setChosen(type);
            chooseQrPayType(type);
            void startQrPay(type).then(focusEntry);
          }}
        >
          {t(`pay.qr.${type}` as MessageKey)}
        </button>
      ))}
    </div>
  );
}
