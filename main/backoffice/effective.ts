/**
 * The back offices as the running services should use them (docs/ARCHITECTURE.md, "Back-office
 * infrastructure"): config.json + environment overrides + the secret store, or — on a fresh
 * machine running the embedded sandbox gateway — the embedded simulators (main/backoffice/sandbox.ts).
 *
 * Secrets never live in config.json: the Xiaobao accessKeySecret, the KesionEDU apptoken and
 * apikey are in the secret store (`BACK_OFFICE_SECRETS`). An older config.json that still
 * carries the KesionEDU apptoken/apikey is migrated once at start (`migrateKesionSecrets`).
 */
import fs from 'node:fs';
import { configFile, loadConfig, saveConfig, type Config, type ConfigInput } from '../config.js';
import { resolveXiaobaoSettings, XIAOBAO_SECRET_NAME, type XiaobaoSettings } from './xiaobao/settings.js';

export const BACK_OFFICE_SYSTEMS = ['xiaobao', 'kesion', 'campus'] as const;
export type BackOfficeSystem = (typeof BACK_OFFICE_SYSTEMS)[number];

/** Where a back office's effective settings come from. */
export type BackOfficeSource = 'configured' | 'sandbox' | 'not-configured';

export const KESION_APPTOKEN_SECRET = 'kesion.apptoken';
export const KESION_APIKEY_SECRET = 'kesion.apikey';
export const KESION_APPTOKEN_ENV = 'COUNTERPAY_KESION_APPTOKEN';
/** Every back-office secret name (the contract's SECRET_NAMES lists them too). */
export const BACK_OFFICE_SECRETS = [XIAOBAO_SECRET_NAME, KESION_APPTOKEN_SECRET, KESION_APIKEY_SECRET] as const;

export type BackOfficesSettings = Config['backOffices'];

export interface EffectiveBackOffices {
  /**
   * backOffices with the secrets filled in (kesion.apptoken / kesion.apikey) or the sandbox's
   * simulators: build the KesionEDU and campus services from `config.kesion` / `config.campus`.
   */
  config: BackOfficesSettings;
  /** The Xiaobao settings with its accessKeySecret resolved: build the Xiaobao client from `xiaobao.client`. */
  xiaobao: XiaobaoSettings;
  source: Record<BackOfficeSystem, BackOfficeSource>;
}

export type ReadSecret = (name: string) => string | null;

/** config + env + secrets → the effective back offices (no sandbox yet). */
export function resolveBackOffices(
  config: Config,
  env: NodeJS.ProcessEnv,
  readSecret: ReadSecret,
): EffectiveBackOffices {
  const next: BackOfficesSettings = structuredClone(config.backOffices);
  const envToken = env[KESION_APPTOKEN_ENV];
  if (!(envToken !== undefined && envToken !== '')) {
    next.kesion.apptoken = readSecret(KESION_APPTOKEN_SECRET) ?? next.kesion.apptoken;
  }
  next.kesion.apikey = readSecret(KESION_APIKEY_SECRET) ?? next.kesion.apikey;
  const xiaobao = resolveXiaobaoSettings({ ...config, backOffices: next }, env, readSecret);
  return {
    config: next,
    xiaobao,
    source: {
      xiaobao: xiaobao.configured ? 'configured' : 'not-configured',
      kesion: next.kesion.url && next.kesion.apptoken ? 'configured' : 'not-configured',
      campus: next.campus.url ? 'configured' : 'not-configured',
    },
  };
}

export interface SecretWriter {
  get(name: string): string | null;
  set(name: string, value: string | null): void;
}

/**
 * Move a KesionEDU apptoken/apikey found in config.json into the secret store (unless the store
 * already holds one) and rewrite config.json without them. Returns the names moved.
 */
export function migrateKesionSecrets(dataDir: string, secrets: SecretWriter): string[] {
  if (!fs.existsSync(configFile(dataDir))) return [];
  const file = loadConfig(dataDir, {});
  const k = file.backOffices.kesion;
  const moved: string[] = [];
  if (k.apptoken !== '') {
    if (secrets.get(KESION_APPTOKEN_SECRET) === null) secrets.set(KESION_APPTOKEN_SECRET, k.apptoken);
    moved.push(KESION_APPTOKEN_SECRET);
  }
  if (k.apikey !== null) {
    if (secrets.get(KESION_APIKEY_SECRET) === null) secrets.set(KESION_APIKEY_SECRET, k.apikey);
    moved.push(KESION_APIKEY_SECRET);
  }
  if (moved.length === 0) return [];
  const next = structuredClone(file);
  next.backOffices.kesion.apptoken = '';
  next.backOffices.kesion.apikey = null;
  saveConfig(dataDir, next as ConfigInput);
  return moved;
}
