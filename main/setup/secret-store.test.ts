import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createEncryptedSecretStore,
  createMemorySecretStore,
  createPlainFileSecretStore,
  openSecretStore,
  PLAIN_SECRETS_FILE,
  SAFE_SECRETS_FILE,
  secretValues,
  type SecretCipher,
} from './secret-store.js';
import { afterEachCleanup } from '../store/test-cleanup.js';

/** A reversible stand-in for safeStorage: XOR with a key, so ciphertext never contains the plaintext. */
function fakeCipher(encrypted = true): SecretCipher & { calls: number } {
  const key = Buffer.from('counterpay-test-key');
  const xor = (b: Buffer) => Buffer.from(b.map((x, i) => x ^ key[i % key.length]!));
  const c = {
    encrypted,
    backend: encrypted ? 'dpapi' : 'basic_text',
    calls: 0,
    encrypt(plain: string) {
      c.calls++;
      return Buffer.concat([Buffer.from('v10'), xor(Buffer.from(plain, 'utf8'))]);
    },
    decrypt(data: Buffer) {
      if (data.subarray(0, 3).toString() !== 'v10') throw new Error('bad ciphertext');
      return xor(data.subarray(3)).toString('utf8');
    },
  };
  return c;
}

const cleanup = afterEachCleanup();
let dir: string;
beforeEach(() => {
  dir = cleanup.tempDataDir('cp-secrets-');
});

const SECRET = 'Bearer s3cr3t-gateway-key-0042';

describe('plain file store (browser shell)', () => {
  it('persists, reloads and removes values; the file says it is not encrypted and is owner-only', () => {
    const s = createPlainFileSecretStore(dir);
    expect(s.encrypted).toBe(false);
    expect(s.kind).toBe('plain-file');
    expect(s.description.zh).toMatch(/未加密/);
    s.set('gateway.authorization', SECRET);
    const file = path.join(dir, PLAIN_SECRETS_FILE);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/NOT ENCRYPTED/);
    expect(text).toMatch(/未加密/);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = createPlainFileSecretStore(dir);
    expect(again.get('gateway.authorization')).toBe(SECRET);
    expect(again.names()).toEqual(['gateway.authorization']);
    again.set('gateway.authorization', null);
    expect(fs.existsSync(file)).toBe(false);
    expect(createPlainFileSecretStore(dir).get('gateway.authorization')).toBeNull();
  });

  it('refuses multi-line values', () => {
    const s = createPlainFileSecretStore(dir);
    expect(() => s.set('backOffice.token', 'a\nb')).toThrow();
    expect(s.names()).toEqual([]);
  });
});

describe('encrypted store (Electron safeStorage)', () => {
  it('stores only ciphertext and decrypts on read', () => {
    const cipher = fakeCipher();
    const s = createEncryptedSecretStore(dir, cipher);
    expect(s.kind).toBe('safe-storage');
    expect(s.encrypted).toBe(true);
    s.set('backOffice.token', SECRET);
    const text = fs.readFileSync(path.join(dir, SAFE_SECRETS_FILE), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('s3cr3t');
    expect(JSON.parse(text)).toMatchObject({ version: 1, backend: 'dpapi' });
    const again = createEncryptedSecretStore(dir, cipher);
    expect(again.get('backOffice.token')).toBe(SECRET);
    expect(secretValues(again)).toEqual([SECRET]);
  });

  it('reports a keyring-less backend as not really encrypted', () => {
    const s = createEncryptedSecretStore(dir, fakeCipher(false));
    expect(s.encrypted).toBe(false);
    expect(s.description.zh).toMatch(/未真正加密/);
  });

  it('moves secrets left by the browser shell into the encrypted store and deletes the plain file', () => {
    createPlainFileSecretStore(dir).set('gateway.authorization', SECRET);
    const { store, migrated } = openSecretStore(dir, fakeCipher());
    expect(migrated).toEqual(['gateway.authorization']);
    expect(store.get('gateway.authorization')).toBe(SECRET);
    expect(fs.existsSync(path.join(dir, PLAIN_SECRETS_FILE))).toBe(false);
    expect(fs.readFileSync(path.join(dir, SAFE_SECRETS_FILE), 'utf8')).not.toContain(SECRET);
  });

  it('without a cipher the plain store is used', () => {
    const { store } = openSecretStore(dir, null);
    expect(store.kind).toBe('plain-file');
  });
});

describe('memory store', () => {
  it('holds values for tests', () => {
    const s = createMemorySecretStore({ 'backOffice.token': 't' });
    expect(s.names()).toEqual(['backOffice.token']);
    s.set('backOffice.token', null);
    expect(s.names()).toEqual([]);
  });
});
