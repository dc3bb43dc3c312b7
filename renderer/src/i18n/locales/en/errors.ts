import type { ErrorCode } from '../../../../../app/errors.js';

export const errors: Record<ErrorCode, string> = {
  'invalid-input': 'Invalid input; check and try again',
  'unknown-command': 'Version mismatch; restart the cashier app',
  unauthorized: 'Please sign in first',
  forbidden: 'You are not allowed to do this',
  'internal-error': 'Internal error; try again, and call support if it keeps happening',
  'core-unreachable': 'Lost the connection to the cashier core; reconnecting…',
  'bill-not-found': 'Bill not found',
  'bill-locked': 'This bill is being paid and is locked',
  'bill-empty': 'The bill has no items yet',
  'bill-already-paid': 'This bill is already paid',
  'bill-not-open': 'This bill can no longer be changed',
  'amount-out-of-range': 'Amount out of range (0.01 to 99,999,999.99 yuan)',
  'item-not-found': 'Item not found',
  'business-type-mix':
    'A stored-value recharge cannot share a bill with other items: finish this bill, then press F8 to recharge on its own',
  'payment-declined': 'Payment declined; nothing was charged. Rescan a fresh code or use another tender',
  'payment-in-progress': 'A payment for this bill is in progress; wait for the result, do not scan again',
  'payment-not-found': 'Payment not found',
  'barcode-invalid': 'Not a valid payment code; ask the customer to refresh it and scan again',
  'barcode-too-long': 'Payment code too long (40 characters at most); scan again',
  'gateway-unreachable': 'Cannot reach the payment gateway; take cash or try later',
  'gateway-timeout': 'The payment gateway timed out; result unknown, still checking',
  'gateway-bad-reply': 'The payment gateway sent an odd reply; result unknown, still checking',
  'gateway-business-error': 'The payment gateway refused the request',
  'gateway-offline': 'Offline: barcode payments are not possible now; take cash',
  'payment-code-invalid':
    'Not a valid payment code; nothing was sent. Ask the customer to refresh the payment code and scan again',
  'not-signed-in': 'Please sign in first',
  'pin-wrong': 'Wrong PIN',
  'pin-locked-out': 'Too many wrong PINs; locked for a short while',
  'shift-not-open': 'No shift is open; open a shift first',
  'shift-already-open': 'A shift is already open',
  'supervisor-required': 'A supervisor must authorise this',
  'store-corrupt': 'The local database is damaged; call support and stop taking payments',
  'store-too-new': 'The database comes from a newer version; upgrade the cashier app',
  'config-invalid': 'The configuration is invalid; call the installer',
  'scanner-not-found': 'Scanner not found; check the cable',
  'printer-unavailable':
    'The printer is not available: check that the receipt printer is on and has paper, or choose it in settings',
  'scan-unrecognised': 'Barcode not recognised',
  'scan-misplaced': 'This barcode cannot be used right now',
  'backoffice-unreachable': 'Back office unreachable; the bill is saved and will be sent later',
  'backoffice-rejected': 'The back office rejected the bill; call the supervisor',
  'disk-full':
    'Disk full: the disk holding the data folder ({dataDir}) has no space left; this was not recorded and no money was taken. Free some disk space and try again, and call support.',
  'data-folder-unwritable': 'The data folder cannot be written; the cashier is paused. Call the installer',
  'pin-throttled': 'Too many wrong PINs on this screen; wait a moment and try again',
  'refund-route-unavailable':
    'No back office is set up to refund to the original payment: refund in cash from the drawer',
  'pin-change-required': 'A supervisor reset your PIN: set a new one to sign in',
  'operator-disabled': 'This operator is disabled and cannot sign in: ask the supervisor on duty to enable it',
  'last-supervisor':
    'This is the last active supervisor and cannot be disabled or made a cashier: add or enable another supervisor first',
  'qr-missing':
    'The gateway returned no QR code; nothing was charged. Scan the customer’s code instead, or check the QR field setting.',
  'bill-partly-paid':
    'Part of this bill is already paid: it cannot be voided, parked or changed. Collect the rest (F2 cash or a scan); if the customer no longer wants it, a supervisor refunds the paid parts on the Refund tab by bill number, and the bill is voided with them.',
  'campus-not-configured': 'The smart-campus system is not set up (WebPath): ask the administrator',
  'discount-over-limit':
    'The discount is above the cashier limit: a supervisor must authorise it, or remove the discount first',
  'kesion-not-configured': 'KesionEDU is not configured: ask the installer to set its address and token',
  'kesion-list-invalid': 'The list is not valid; correct it as shown',
  'kesion-refused': 'KesionEDU refused the request',
  'kesion-unreachable': 'KesionEDU is unreachable or did not answer; try again later',
  'kesion-counter-pay-off': 'Counter collection is off: ask the installer to set the counter payment id',
  'xiaobao-not-configured': 'Xiaobao is not configured: ask the installer to fill in the Xiaobao settings.',
  'xiaobao-unavailable': 'Xiaobao could not be reached or answered with an error; nothing was done. Try again later.',
  'xiaobao-balance-exceeded': 'The refund is more than the student’s refundable balance at Xiaobao.',
  'backoffice-not-configured':
    'This back office is not set up yet: fill in its section in the settings and test the connection.',
  'bill-amount-fixed':
    'This bill’s amount is set by a back office (a Xiaobao top-up, a KesionEDU enrollment): no discount, price change or rounding.',
};
