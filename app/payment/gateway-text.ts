/**
 * Gateway messages as the cashier reads them. KouDaiLQ prefixes its errmsg with the wallet's
 * code (`NOTENOUGH: 用户余额不足`, `AUTHCODEEXPIRE: 付款码已过期`, `SYSTEMERROR: …`); the code is
 * kept in the ledger and the logs, never shown on a zh-CN screen. A message that is only a code
 * shows nothing (the outcome sentence already says what happened).
 */
const CODE_PREFIX = /^\s*[A-Z][A-Z0-9_]{2,40}\s*[:：]\s*/;
const ONLY_CODE = /^\s*[A-Z][A-Z0-9_]{2,40}\s*[:：]?\s*$/;

export function gatewayMessageForDisplay(message: string | null | undefined): string {
  if (!message) return '';
  if (ONLY_CODE.test(message)) return '';
  return message.replace(CODE_PREFIX, '').trim();
}
