import { z } from 'zod';

/**
 * The closed set of error codes that may cross the process boundary.
 * The renderer maps each to cashier-facing text in one place (renderer/i18n).
 * Add a code here, then its text in both languages; the i18n test fails otherwise.
 */
export const ERROR_CODES = [
  // boundary and input
  'invalid-input',
  'unknown-command',
  'unauthorized',
  'forbidden',
  'internal-error',
  'core-unreachable',
  // bills
  'bill-not-found',
  'bill-locked',
  'bill-empty',
  'bill-already-paid',
  'bill-not-open',
  'amount-out-of-range',
  'item-not-found',
  'business-type-mix',
  // payments
  'payment-declined',
  'payment-in-progress',
  'payment-not-found',
  'barcode-invalid',
  'barcode-too-long',
  'gateway-unreachable',
  'gateway-timeout',
  'gateway-bad-reply',
  'gateway-business-error',
  'gateway-offline',
  'payment-code-invalid',
  // session, shift, roles
  'not-signed-in',
  'pin-wrong',
  'pin-locked-out',
  'shift-not-open',
  'shift-already-open',
  'supervisor-required',
  // store and config
  'store-corrupt',
  'store-too-new',
  'config-invalid',
  // scanners
  'scanner-not-found',
  'printer-unavailable',
  'scan-unrecognised',
  'scan-misplaced',
  // back office
  'backoffice-unreachable',
  'backoffice-rejected',
  // the process and the data folder
  'disk-full',
  'data-folder-unwritable',
  // session, shift, roles (appended)
  /** Too many wrong PINs on this screen (connection): wait; the account itself is not locked. */
  'pin-throttled',
  // refunds
  'refund-route-unavailable',
  // operators (appended)
  /** The PIN was reset by a supervisor: set a new one (session.setNewPin) before anything else. */
  'pin-change-required',
  /** The operator is disabled (the PIN was right): a supervisor enables them on 操作员. */
  'operator-disabled',
  /** The last active supervisor cannot be disabled or demoted. */
  'last-supervisor',
  // QR payments (ScanCode)
  /** The gateway issued a QR but its reply carries no QR content (config gateway.scanCodeQrField). */
  'qr-missing',
  // split payment
  /** The bill already holds a paid part: its lines are frozen; it cannot be parked or voided, only collected. */
  'bill-partly-paid',
  // smart campus 校园卡套餐 (appended)
  /** No smart-campus WebPath is configured (backOffices.campus.url / COUNTERPAY_CAMPUS_URL). */
  'campus-not-configured',
  // discounts (appended)
  /** A discount above the cashier's limit (details: maxPercentOff, maxFen, wantedFen, grossFen): a supervisor authorises it. */
  'discount-over-limit',
  // KesionEDU 机构报名 (main/backoffice/kesion)
  /** backOffices.kesion.url / apptoken are not set: the 机构报名 screen says 未配置. */
  'kesion-not-configured',
  /** A course-id or student list broke a rule; details name the field, the rule and the limit. */
  'kesion-list-invalid',
  /** KesionEDU answered result:false; details.msg is its text, shown as is. */
  'kesion-refused',
  /** KesionEDU did not answer (timeout, connection, 5xx, unreadable reply). */
  'kesion-unreachable',
  /** Counter collection is off until backOffices.kesion.counterPayId is configured. */
  'kesion-counter-pay-off',
  // Xiaobao ERP at the counter (main/backoffice/xiaobao/desk.ts)
  /** backOffices.xiaobao is not configured (url, accessKeyId, corpId, secret). */
  'xiaobao-not-configured',
  /** The ERP could not be read (timeout, network, 5xx, refused token): nothing was changed. */
  'xiaobao-unavailable',
  /** A refund beyond the student's balance at the ERP (details: max), or the balance is unknown. */
  'xiaobao-balance-exceeded',
  // Back offices (main/backoffice)
  /** The back office this needs (e.g. Xiaobao for 校宝对账) is not set up (系统设置). */
  'backoffice-not-configured',
  // back-office bills (main/bills/bill-core.ts fixAmounts)
  /** The bill's amount is set by a back office (a Xiaobao top-up, a KesionEDU enrollment): no discount, 改价 or 抹零. */
  'bill-amount-fixed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export const ErrorCodeSchema = z.enum(ERROR_CODES);
