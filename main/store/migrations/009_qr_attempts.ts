/**
 * Migration 009 (issue 14: KouDaiLQ ScanCode): a payment attempt may be a QR the payer scans
 * instead of a payment code the cashier scans. `pay_type_code` is the QR's pay type (NULL for a
 * barcode attempt); `qr_content` is the QR the gateway issued (NULL until it answers). A QR
 * attempt has no payment code: its `bar_code` holds the pay type (the column is NOT NULL), and
 * screens read `pay_type_code` to tell the two apart.
 *
 * Never edit once released; add 008+ instead.
 */
export const sql = /* sql */ `
ALTER TABLE payment_attempts ADD COLUMN pay_type_code TEXT
  CHECK (pay_type_code IS NULL OR pay_type_code IN ('wxPubQR', 'alipayQR', 'unionpayDynamic', 'dynamicPay'));
ALTER TABLE payment_attempts ADD COLUMN qr_content TEXT
  CHECK (qr_content IS NULL OR length(qr_content) BETWEEN 1 AND 1000);
`;
