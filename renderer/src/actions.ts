import { bindCallFailures } from './actions/connection.js';
import { refreshSession } from './actions/session.js';
import { scheduleRefresh } from './actions/sync.js';

/**
 * Everything the screen does goes through here: it calls the core and puts the answers into the
 * store. Components never call the API directly. The actions live in `actions/` by domain:
 *  - connection.ts: the connection, `call` and the serial queue every action runs in;
 *  - sync.ts: re-reading the counter, the app info, setup state and quick keys;
 *  - session.ts: sign-in, lock, sign-out, a reload's resume, the shift, the business type;
 *  - events.ts: `start()` — the core's events and the page's keyboard wedge;
 *  - bill.ts, pay.ts, recharge.ts: the counter's flows (bill, collect, cash, park / resume, recharge);
 *  - entry.ts: what Enter does with the entry field's text;
 *  - scan.ts: scans (scan.submit, scan.routed, a payment code held for a typed amount);
 *  - late-outcomes.ts: late payment outcomes.
 */

// A failed command: the core gone → re-read the counter soon; signed out elsewhere → re-read the session.
bindCallFailures({ unreachable: () => scheduleRefresh(500), signedOut: () => void refreshSession() });

export { call, isBusy, whenIdle } from './actions/connection.js';
export { loadQuickKeys, refreshCounter } from './actions/sync.js';
export {
  lockScreen,
  openShift,
  refreshSession,
  setBusinessType,
  setNewPin,
  signIn,
  signOut,
  toggleLocale,
  unlock,
} from './actions/session.js';
export { setupDone, start } from './actions/events.js';
export {
  addItem,
  addQuickKey,
  cancelBill,
  clearCounter,
  listSuspended,
  nextSale,
  quickSale,
  resumeBill,
  searchCatalog,
  setQuantity,
  startCollect,
  suspendBill,
  voidLine,
} from './actions/bill.js';
export { MAX_BARCODE, payCash, stopWaiting, submitPaymentCode } from './actions/pay.js';
export { chooseQrPayType, loadQrSettings, startQrPay } from './actions/pay.js';
export { setCard, setRechargeAmount, startRecharge } from './actions/recharge.js';
export { submitAmount, submitEntry } from './actions/entry.js';
export { submitScan } from './actions/scan.js';
export { acknowledgeLateOutcome } from './actions/late-outcomes.js';
export { openPartDialog, refusePartlyPaid, setPart } from './actions/split.js';
export { applyDiscount, loadDiscountSettings, overridePrice, toggleRoundOff } from './actions/discounts.js';
