import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../setup/secret-store.js';

/**
 * The Electron side of the SecretStore (main/setup/secret-store.ts): `safeStorage` as a
 * SecretCipher. Call after `app.whenReady()`.
 *
 * - Windows: DPAPI (bound to the OS user); macOS: Keychain; Linux: the Secret Service or
 *   KWallet. On Linux without a keyring Electron falls back to `basic_text` (a hard-coded key):
 *   still used, but reported as not encrypted so the setup screen can say so.
 * - Returns null when encryption is not available at all; the core then keeps the plain file
 *   store and the setup screen says "not encrypted".
 * Uses the synchronous safeStorage calls (deprecated in favour of the async ones in Electron 45,
 * still supported) because the secret store is synchronous; revisit when they are removed.
 */
export function electronSecretCipher(
  safeStorage: Pick<
    SafeStorage,
    'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
  >,
  platform: NodeJS.Platform = process.platform,
): SecretCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const backend =
    platform === 'win32' ? 'dpapi' : platform === 'darwin' ? 'keychain' : safeStorage.getSelectedStorageBackend();
  return {
    encrypted: backend !== 'basic_text' && backend !== 'unknown',
    backend,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
