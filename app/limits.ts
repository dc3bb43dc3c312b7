/**
 * Input limits that several layers check (docs/ARCHITECTURE.md §6): declared here once and used by
 * the contract, the config schema, the bill numbers and the operator store. The payment code's
 * limit is the gateway seed's (`LIMITS.barCode` in app/payment/gateway-schema.ts), re-exported
 * here so every check names one constant. Released migrations keep their own copies in SQL (they
 * never change).
 */
import { LIMITS as GATEWAY_LIMITS } from './payment/gateway-schema.js';

/** The counter's terminal number: 1–8 ASCII letters or digits, the prefix of every bill number. */
export const TERMINAL_NO = {
  maxLength: 8,
  pattern: /^[A-Za-z0-9]{1,8}$/,
  rule: '1–8 letters or digits',
} as const;

/** Operator PINs: 4–12 digits (the policy when a PIN is set; a PIN typed at sign-in is bounded by `inputMax`). */
export const PIN = {
  minLength: 4,
  maxLength: 12,
  pattern: /^\d{4,12}$/,
  rule: '4 to 12 digits',
  /** The most a PIN field of a command accepts before the store's check. */
  inputMax: 32,
} as const;

/** The scanned payment code: at most this many characters (KouDaiLQ seed). */
export const BAR_CODE_MAX = GATEWAY_LIMITS.barCode;

/** Item (product) codes: at most this many characters (the catalog's limit). */
export const ITEM_CODE_MAX = 40;
