import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { PLAIN_SECRETS_FILE } from '../../setup/secret-store.js';
import type { XiaobaoClientOptions } from './client.js';

/**
 * Xiaobao settings from the app's config (backOffices.xiaobao, with the COUNTERPAY_XIAOBAO_*
 * overrides already applied by loadConfig) plus the accessKeySecret, which never lives in
 * config.json: COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET, else the secret store under
 * XIAOBAO_SECRET_NAME.
 */

export const XIAOBAO_SECRET_NAME = 'xiaobao.accessKeySecret';
export const XIAOBAO_SECRET_ENV = 'COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET';

export type XiaobaoSettings =
  | {
      configured: true;
      client: Pick<
        XiaobaoClientOptions,
        'baseUrl' | 'accessKeyId' | 'accessKeySecret' | 'corpId' | 'signEncoding' | 'success' | 'timeoutMs'
      >;
      schoolId: number | null;
      operatorIds: Record<string, number>;
      defaultOperatorId: number | null;
      accounts: Config['backOffices']['xiaobao']['accounts'];
    }
  | { configured: false; missing: string[] };

export function resolveXiaobaoSettings(
  config: Config,
  env: NodeJS.ProcessEnv,
  readSecret: (name: string) => string | null,
): XiaobaoSettings {
  const xb = config.backOffices.xiaobao;
  const secret = env[XIAOBAO_SECRET_ENV] || readSecret(XIAOBAO_SECRET_NAME) || null;
  const missing: string[] = [];
  if (!xb.url) missing.push('backOffices.xiaobao.url');
  if (!xb.accessKeyId) missing.push('backOffices.xiaobao.accessKeyId');
  if (!xb.corpId) missing.push('backOffices.xiaobao.corpId');
  if (!secret) missing.push(XIAOBAO_SECRET_NAME);
  if (!xb.url || !xb.accessKeyId || !xb.corpId || !secret) return { configured: false, missing };
  return {
    configured: true,
    client: {
      baseUrl: xb.url,
      accessKeyId: xb.accessKeyId,
      accessKeySecret: secret,
      corpId: xb.corpId,
      signEncoding: xb.sign.encoding,
      success: xb.sign.success === 'state-0' ? { field: 'state', value: 0 } : { field: 'code', value: 200 },
      timeoutMs: xb.timeoutMs,
    },
    schoolId: xb.schoolId,
    operatorIds: xb.operatorIds,
    defaultOperatorId: xb.defaultOperatorId,
    accounts: xb.accounts,
  };
}

const PlainSecretsSchema = z.looseObject({ secrets: z.record(z.string(), z.string()) });

/**
 * Read one secret from the browser shell's plain secrets file (`<dataDir>/secrets.json`) without
 * the shell (for scripts such as check:backoffices). The Electron store is encrypted with an OS
 * key only Electron can use; there, pass the value through the environment instead.
 */
export function readPlainSecret(dataDir: string, name: string): string | null {
  const file = path.join(dataDir, PLAIN_SECRETS_FILE);
  if (!fs.existsSync(file)) return null;
  const parsed = PlainSecretsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')));
  return parsed.success ? (parsed.data.secrets[name] ?? null) : null;
}
