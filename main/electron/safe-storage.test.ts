import { describe, expect, it } from 'vitest';
import { electronSecretCipher } from './safe-storage.js';

/** safeStorage is a plain mock: tests never load electron. */
function fakeSafeStorage(available: boolean, backend: string) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as never,
    encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => Buffer.from(b.toString().slice(4), 'base64').toString(),
  };
}

describe('electronSecretCipher', () => {
  it('is null when safeStorage cannot encrypt', () => {
    expect(electronSecretCipher(fakeSafeStorage(false, 'unknown'), 'linux')).toBeNull();
  });

  it('wraps safeStorage and names the OS backend', () => {
    const c = electronSecretCipher(fakeSafeStorage(true, 'unknown'), 'win32')!;
    expect(c).toMatchObject({ encrypted: true, backend: 'dpapi' });
    expect(c.decrypt(c.encrypt('秘密-token'))).toBe('秘密-token');
    expect(electronSecretCipher(fakeSafeStorage(true, 'gnome_libsecret'), 'linux')).toMatchObject({
      encrypted: true,
      backend: 'gnome_libsecret',
    });
  });

  it('reports the keyring-less Linux fallback as not encrypted', () => {
    expect(electronSecretCipher(fakeSafeStorage(true, 'basic_text'), 'linux')).toMatchObject({
      encrypted: false,
      backend: 'basic_text',
    });
  });
});
