import { useNow } from '../../hooks.js';
import { useT } from '../../i18n/useT.js';
import { selectLocale, selectSession, useCounter } from '../../store/index.js';
import { useScannerUi } from './store.js';

/**
 * The status bar's scanner slot: which scanner is connected (HID, by vendor and product), or
 * that keyboard-mode scanning is what there is, the age of the last scan, and test mode. A
 * button that opens the scanner settings screen for a signed-in operator.
 */
export function ScannerStatusSlot() {
  const { t } = useT();
  const locale = useCounter(selectLocale);
  const session = useCounter(selectSession);
  const lastScanAt = useCounter((s) => s.lastScanAt);
  const status = useScannerUi((s) => s.status);
  const open = useScannerUi((s) => s.open);
  const now = useNow(lastScanAt !== null, 1000);
  const scanAgo = lastScanAt !== null ? Math.max(0, Math.round((now - lastScanAt) / 1000)) : null;
  const connected = status?.connected ?? [];
  const first = connected[0];
  const en = locale === 'en';
  const name = first
    ? [first.vendorName?.replace(/\s*\(.*\)$/, ''), first.product].filter(Boolean).join(' ') || first.deviceId
    : null;
  const what = name
    ? `${name}${connected.length > 1 ? ` +${connected.length - 1}` : ''}`
    : scanAgo !== null && scanAgo < 600
      ? t('scanner.lastScan', { s: scanAgo })
      : t('scanner.wedge');
  const testing = status?.testing === true;
  const tone = testing ? 'pill-warn' : 'pill-ok';
  const title = [
    status?.hid === 'unavailable' ? `${en ? 'HID unavailable' : 'HID 不可用'}: ${status.hidError ?? ''}` : null,
    connected.map((c) => `${c.vendorName ?? ''} ${c.product ?? ''} (${c.deviceId})`).join('\n') || null,
    en ? 'Scanner settings' : '扫码枪设置',
  ]
    .filter(Boolean)
    .join('\n');
  const canOpen = Boolean(session?.operator) && !session?.locked && !open;
  const content = (
    <>
      <span className="dot" />
      {t('link.scanner')}: {name ? <span data-verbatim="device">{what}</span> : what}
      {testing && <span> · {en ? 'test' : '测试中'}</span>}
    </>
  );
  const attrs = {
    'data-testid': 'link-scanner',
    'data-status': first ? 'hid' : 'keyboard-wedge',
    'data-hid': status?.hid ?? 'unknown',
    'data-connected': connected.length,
    'data-device': first?.deviceId ?? '',
    'data-testing': testing ? 'yes' : 'no',
    title,
  };
  if (!canOpen) {
    return (
      <span className={`pill ${tone}`} {...attrs}>
        {content}
      </span>
    );
  }
  return (
    <button
      type="button"
      className={`pill ${tone} pill-button`}
      {...attrs}
      onClick={() => useScannerUi.getState().setOpen(true)}
    >
      {content}
    </button>
  );
}
