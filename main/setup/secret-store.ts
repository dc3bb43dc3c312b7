import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SECRET_NAMES, SecretNameSchema, type SecretName } from '../../app/contract/setup.js';

/**
 * Where Counterpay keeps secrets (gateway and back-office credentials): never in config.json,
 * never in logs, never in a diagnostics export (only their names are).
 *
 * - Electron: values encrypted with `safeStorage` (DPAPI on Windows, Keychain on macOS, the
 *   Secret Service / kwallet on Linux) and stored as ciphertext in `<dataDir>/secrets.safe.json`.
 *   The Electron shell supplies the cipher (main/electron/safe-storage.ts); this module never
 *   imports electron.
 * - Browser shell (no safeStorage): `<dataDir>/secrets.json`, readable only by the file's owner
 *   (mode 0600 on POSIX), and clearly NOT encrypted — the setup screen says so.
 * When the Electron shell starts on a data folder that holds a plain secrets file, the values are
 * moved into the encrypted store and the plain file is deleted.
 */

export { SECRET_NAMES, SecretNameSchema, type SecretName };
/** Values: printable, single line, bounded. */
export const SecretValueSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[^\r\n\0]+$/, { message: 'one line, no control characters' });

export type SecretStoreKind = 'safe-storage' | 'plain-file' | 'memory';

export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** True only when values are encrypted at rest with an OS-held key. */
  readonly encrypted: boolean;
  /** Where and how, for the setup screen and the diagnostics export. */
  readonly description: { zh: string; en: string };
  get(name: SecretName): string | null;
  /** Set (or, with null, remove) a secret. Written to disk before it returns. */
  set(name: SecretName, value: string | null): void;
  /** Names that currently hold a value. */
  names(): SecretName[];
}

/** What the Electron shell provides (safeStorage). */
export interface SecretCipher {
  /** False e.g. on Linux without a keyring, where Electron falls back to a hard-coded key. */
  readonly encrypted: boolean;
  /** The OS backend, for display ("dpapi", "keychain", "gnome_libsecret", "basic_text", …). */
  readonly backend: string;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

export const PLAIN_SECRETS_FILE = 'secrets.json';
export const SAFE_SECRETS_FILE = 'secrets.safe.json';

const PLAIN_WARNING =
  'NOT ENCRYPTED. 未加密。 Secrets of the Counterpay browser shell, readable by anyone who can read this file. ' +
  'Use the Electron app (safeStorage) on counters.';

const PlainFileSchema = z.object({
  _warning: z.string().optional(),
  version: z.literal(1),
  secrets: z.record(z.string(), z.string()),
});
const SafeFileSchema = z.object({
  version: z.literal(1),
  backend: z.string(),
  /** base64 of the safeStorage ciphertext */
  secrets: z.record(z.string(), z.string()),
});

function isSecretName(n: string): n is SecretName {
  return (SECRET_NAMES as readonly string[]).includes(n);
}

/** Atomic, owner-only write. */
function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
  try {
    fs.chmodSync(file, 0o600);
  } catch {
    // Windows: ACLs of the user's profile folder protect it; chmod is best effort.
  }
}

function readJson(file: string): unknown {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
}

export function createMemorySecretStore(initial: Partial<Record<SecretName, string>> = {}): SecretStore {
  const values = new Map<SecretName, string>(Object.entries(initial) as [SecretName, string][]);
  return {
    kind: 'memory',
    encrypted: false,
    description: { zh: '仅在内存中（测试）', en: 'in memory only (tests)' },
    get: (n) => values.get(n) ?? null,
    set(n, v) {
      if (v === null) values.delete(n);
      else values.set(n, SecretValueSchema.parse(v));
    },
    names: () => SECRET_NAMES.filter((n) => values.has(n)),
  };
}

/** The browser shell's store: a plain JSON file, owner-only, marked as not encrypted. */
export function createPlainFileSecretStore(dataDir: string): SecretStore {
  const file = path.join(dataDir, PLAIN_SECRETS_FILE);
  const load = (): Map<SecretName, string> => {
    const raw = readJson(file);
    if (raw === null) return new Map();
    const parsed = PlainFileSchema.parse(raw);
    return new Map(Object.entries(parsed.secrets).filter(([k]) => isSecretName(k)) as [SecretName, string][]);
  };
  let values = load();
  const save = (): void => {
    writePrivate(
      file,
      JSON.stringify({ _warning: PLAIN_WARNING, version: 1, secrets: Object.fromEntries(values) }, null, 2) + '\n',
    );
  };
  return {
    kind: 'plain-file',
    encrypted: false,
    description: {
      zh: `未加密：保存在 ${file}（仅限本机用户可读）。柜台请使用桌面版（系统加密存储）。`,
      en: `NOT encrypted: kept in ${file} (readable by this OS user only). Use the desktop app (OS encryption) on counters.`,
    },
    get: (n) => values.get(n) ?? null,
    set(n, v) {
      const next = new Map(values);
      if (v === null) next.delete(n);
      else next.set(n, SecretValueSchema.parse(v));
      values = next;
      if (values.size === 0 && fs.existsSync(file)) fs.rmSync(file);
      else save();
    },
    names: () => SECRET_NAMES.filter((n) => values.has(n)),
  };
}

/** The Electron store: ciphertext from `cipher` (safeStorage) in `secrets.safe.json`. */
export function createEncryptedSecretStore(dataDir: string, cipher: SecretCipher): SecretStore {
  const file = path.join(dataDir, SAFE_SECRETS_FILE);
  const raw = readJson(file);
  const stored = new Map<SecretName, string>(); // name → base64 ciphertext
  if (raw !== null) {
    const parsed = SafeFileSchema.parse(raw);
    for (const [k, v] of Object.entries(parsed.secrets)) if (isSecretName(k)) stored.set(k, v);
  }
  const save = (): void => {
    writePrivate(
      file,
      JSON.stringify({ version: 1, backend: cipher.backend, secrets: Object.fromEntries(stored) }, null, 2) + '\n',
    );
  };
  return {
    kind: 'safe-storage',
    encrypted: cipher.encrypted,
    description: cipher.encrypted
      ? { zh: `已加密（系统密钥：${cipher.backend}）`, en: `encrypted with the OS key (${cipher.backend})` }
      : {
          zh: `系统没有可用的密钥环（${cipher.backend}），密钥只做了简单混淆，未真正加密。请在本机安装并解锁密钥环。`,
          en: `no OS keyring available (${cipher.backend}): values are obfuscated, not truly encrypted. Install/unlock a keyring.`,
        },
    get(n) {
      const b64 = stored.get(n);
      if (b64 === undefined) return null;
      return cipher.decrypt(Buffer.from(b64, 'base64'));
    },
    set(n, v) {
      if (v === null) stored.delete(n);
      else stored.set(n, cipher.encrypt(SecretValueSchema.parse(v)).toString('base64'));
      save();
    },
    names: () => SECRET_NAMES.filter((n) => stored.has(n)),
  };
}

/**
 * The store for this shell: encrypted when a cipher is given (Electron), the plain file
 * otherwise. With a cipher, a plain file left by the browser shell is migrated and deleted.
 */
export function openSecretStore(
  dataDir: string,
  cipher: SecretCipher | null,
): { store: SecretStore; migrated: SecretName[] } {
  if (!cipher) return { store: createPlainFileSecretStore(dataDir), migrated: [] };
  const store = createEncryptedSecretStore(dataDir, cipher);
  const plainFile = path.join(dataDir, PLAIN_SECRETS_FILE);
  const migrated: SecretName[] = [];
  if (fs.existsSync(plainFile)) {
    const plain = createPlainFileSecretStore(dataDir);
    for (const n of plain.names()) {
      const v = plain.get(n);
      if (v !== null && store.get(n) === null) {
        store.set(n, v);
        migrated.push(n);
      }
    }
    fs.rmSync(plainFile);
  }
  return { store, migrated };
}

/** Every secret value currently held, for scrubbing text (logs, exports). */
export function secretValues(store: SecretStore): string[] {
  const out: string[] = [];
  for (const n of store.names()) {
    try {
      const v = store.get(n);
      if (v) out.push(v);
    } catch {
      // an undecryptable value cannot leak either
    }
  }
  return out;
}
