import { installWedgeListener, type WedgeListenerHandle } from '../../scan/wedge-listener.js';
import { startScannerFeed } from '../screens/scanner/feed.js';
import { startBackOfficeFeed } from '../screens/backoffice/status-store.js';
import { isScannerScreenOpen } from '../screens/scanner/store.js';
import { takeCampusScan } from '../screens/campus/scan.js';
import { useSup } from '../screens/supervisor/sup-store.js';
import { useLateOutcomes } from '../store/late-outcomes.js';
import { selectScreen } from '../store/index.js';
import { connection, note, serial, st } from './connection.js';
import { onScanRouted, onWedgeScan } from './scan.js';
import { refreshSessionNow } from './session.js';
import { loadAppInfo, loadSetupState, refreshCounterNow, scheduleRefresh } from './sync.js';

/** Connecting, the core's events, and drawing the screen from the core's state. */

const hydrateQueued = serial(async () => {
  await refreshSessionNow();
  await refreshCounterNow();
});

/** Draw the screen from the core's state (on connect, and after first-run setup). */
function hydrate(): void {
  void loadAppInfo();
  void loadSetupState();
  void hydrateQueued();
}

/** First-run setup is finished: on to sign-in (the setup screen calls this). */
export const setupDone = hydrate;

let started = false;

/** Connect, subscribe to events, and draw the screen from the core's state. */
export function start(): void {
  if (started) return;
  started = true;
  const conn = connection();
  const a = conn.api;
  st().setConnection(conn.status());
  conn.onStatus((s) => {
    st().setConnection(s);
    if (s === 'open') hydrate();
  });
  a.on('payment.progress', (attempt) => {
    const { bill } = st();
    if (bill && attempt.billId !== bill.id) return;
    // "Scanned, collecting…" is old news once the payment moves on.
    if (st().notice?.tone === 'info') note(null);
    st().applyAttempt(attempt);
    if (!bill || ['paid', 'declined', 'unconfirmed', 'cancelled'].includes(attempt.state)) scheduleRefresh();
  });
  a.on('bill.changed', (b) => {
    const { bill, lastCompleted } = st();
    if ((bill && bill.id === b.id) || (lastCompleted && lastCompleted.id === b.id)) st().applyBillChanged(b);
    else if (!bill) scheduleRefresh();
  });
  a.on('connectivity.changed', (c) => st().setLinks(c));
  a.on('payment.lateOutcome', (n) => {
    useLateOutcomes.getState().add(n);
    // The bill it settles may be on screen (or be the last completed one): re-read it.
    scheduleRefresh();
  });
  a.on('scan.routed', onScanRouted);
  if (conn.status() === 'open') hydrate();
  // Keyboard-mode scanners in the page. In Electron the main process catches them
  // (before-input-event), so the page must not catch them a second time.
  // Scanner status (status bar), config (the page wedge's thresholds follow it), scan beeps.
  let pageWedge: WedgeListenerHandle | null = null;
  startScannerFeed(a, conn, () => [pageWedge]);
  startBackOfficeFeed(a, conn);
  if (a.shell !== 'electron') {
    // Off while the scanner settings screen is open: it runs its own listener (test mode).
    pageWedge = installWedgeListener(
      window,
      {
        // Off in 机构报名 too: ids and accounts are scanned into its lists.
        enabled: () =>
          selectScreen(st()) === 'counter' &&
          !isScannerScreenOpen() &&
          !useSup.getState().open &&
          st().dialog?.kind !== 'kesion',
      },
      // 校园卡套餐 open: a swiped campus card is its user id, never a payment (takeCampusScan).
      (scan) => void (takeCampusScan(scan.text) || onWedgeScan(scan.text)),
    );
    st().setWedgeActive(true);
  }
}
