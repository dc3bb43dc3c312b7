/**
 * Scanner pairing: the settings screen shows a barcode made from a one-time nonce; the counter
 * is switched to 'pairing' mode; the scanner that reads it is the one to pair (the routed scan
 * carries its deviceId). Code 128 renders these characters in every scanner's default setup,
 * and in keyboard mode they are typed with plain digit/letter keys plus Shift and '-'.
 */

export const PAIRING_PREFIX = 'CPPAIR-';
const NONCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

/** Build a pairing code from random bytes (pass crypto.getRandomValues output). */
export function makePairingCode(random: Uint8Array): string {
  if (random.length < 8) throw new RangeError('need at least 8 random bytes');
  let nonce = '';
  for (let i = 0; i < 8; i++) nonce += NONCE_ALPHABET[random[i]! % NONCE_ALPHABET.length];
  return PAIRING_PREFIX + nonce;
}

/** Whether scanned text is the expected pairing code (case-insensitive; some scanners drop Shift). */
export function matchesPairingCode(scanned: string, expected: string): boolean {
  const a = scanned.trim().toUpperCase();
  return a.length > PAIRING_PREFIX.length && a === expected.trim().toUpperCase();
}

export function looksLikePairingCode(scanned: string): boolean {
  return /^CPPAIR-[A-Z0-9]{8}$/i.test(scanned.trim());
}
