/**
 * PIN hashing: salted scrypt (`scrypt$N$r$p$<salt b64>$<hash b64>`), computed off the main thread
 * (node:crypto scrypt runs in the libuv pool) and compared in constant time.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/** ~50 ms on the counter PCs we measured; interactive-login strength, 16 MiB of memory. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1, keyLength: 32 };

function scrypt(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 128 * p.N * p.r * 2 + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, p.keyLength, opts, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Constant-time check of a PIN against a stored hash. A malformed hash never matches. */
export async function checkPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (![N, r, p].every((x) => Number.isSafeInteger(x) && x > 0) || expected.length < 16 || salt.length < 8)
    return false;
  const key = await scrypt(pin, salt, { N, r, p, keyLength: expected.length });
  return timingSafeEqual(key, expected);
}
