/**
 * `npm run check:backoffices` — for installers: test every configured back office and print ONE
 * JSON document on stdout: per back office, ok or the reason (未配置 when not configured).
 *
 * Reads the app's config (<dataDir>/config.json, COUNTERPAY_DATA_DIR, COUNTERPAY_XIAOBAO_* env
 * overrides) and the Xiaobao accessKeySecret from COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET or the
 * browser shell's secrets file. Xiaobao: get a token, then list one page of orders (last 24 h).
 * Exits 0 when no configured back office failed, 1 otherwise, 2 when the config is invalid.
 * Never prints a secret.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, defaultDataDir, loadConfig } from '../main/config.js';
import { checkCampus, checkKesion, type CheckResult } from '../main/backoffice/config.js';
import { createXiaobaoClient, XiaobaoError } from '../main/backoffice/xiaobao/client.js';
import { formatXbDateTime } from '../main/backoffice/xiaobao/dates.js';
import { readPlainSecret, resolveXiaobaoSettings } from '../main/backoffice/xiaobao/settings.js';
import { resolveBackOffices } from '../main/backoffice/effective.js';

export type BackOfficeResult =
  | { ok: true; url: string; tokenMs: number; listMs: number; ordersOnFirstPage: number }
  | {
      ok: false;
      reason: string;
      missing?: string[];
      error?: { kind: string; code?: string | number; status?: number; message: string };
    };

/** KesionEDU and the smart campus: ok with the round trip, or the reason in Chinese and English. */
export type SimpleBackOfficeResult =
  { ok: true; url: string; latencyMs: number } | { ok: false; reason: string; reasonEn?: string };

export interface BackOfficeReport {
  name: 'check-backoffices';
  ok: boolean;
  dataDir: string;
  backOffices: { xiaobao: BackOfficeResult; kesion: SimpleBackOfficeResult; campus: SimpleBackOfficeResult };
}

export interface CheckOptions {
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  readSecret?: (name: string) => string | null;
  now?: () => number;
}

const REASONS: Record<string, string> = {
  token: '获取令牌失败（请检查 accessKeyId / accessKeySecret）',
  timeout: '连接超时',
  network: '无法连接',
  http: '服务器错误',
  api: '接口返回错误（请检查 corp-id 与签名设置）',
  'bad-reply': '服务器应答无法识别',
  'invalid-request': '请求不符合接口限制',
  paging: '分页异常',
};

async function checkXiaobao(
  opts: Required<Pick<CheckOptions, 'env' | 'now'>> & { dataDir: string; readSecret: (n: string) => string | null },
): Promise<BackOfficeResult> {
  const config = loadConfig(opts.dataDir, opts.env);
  const s = resolveXiaobaoSettings(config, opts.env, opts.readSecret);
  if (!s.configured) return { ok: false, reason: '未配置', missing: s.missing };
  const client = createXiaobaoClient({ ...s.client, readRetries: 0, now: opts.now });
  let step = 'token';
  try {
    const t0 = opts.now();
    await client.token();
    const t1 = opts.now();
    step = 'list';
    const page = await client.getTranOrderListPage({
      pageIndex: 1,
      pageSize: 1,
      beginDate: formatXbDateTime(t1 - 86_400_000),
      endDate: formatXbDateTime(t1),
      ...(s.schoolId !== null ? { schoolId: s.schoolId } : {}),
    });
    return {
      ok: true,
      url: s.client.baseUrl,
      tokenMs: t1 - t0,
      listMs: opts.now() - t1,
      ordersOnFirstPage: page.length,
    };
  } catch (e) {
    if (e instanceof XiaobaoError) {
      const reason = e.kind === 'api' && step === 'token' ? REASONS['token']! : (REASONS[e.kind] ?? '检查失败');
      return {
        ok: false,
        reason: `${reason}（${step === 'token' ? '获取令牌' : '查询订单'}）`,
        error: {
          kind: e.kind,
          message: e.message,
          ...(e.code !== undefined ? { code: e.code } : {}),
          ...(e.status !== undefined ? { status: e.status } : {}),
        },
      };
    }
    return {
      ok: false,
      reason: '检查失败',
      error: { kind: 'unexpected', message: String((e as Error)?.message ?? e) },
    };
  }
}

export async function checkBackOffices(opts: CheckOptions = {}): Promise<BackOfficeReport> {
  const env = opts.env ?? process.env;
  const dataDir = opts.dataDir ?? defaultDataDir(env);
  const readSecret = opts.readSecret ?? ((name: string) => readPlainSecret(dataDir, name));
  const xiaobao = await checkXiaobao({ env, dataDir, readSecret, now: opts.now ?? Date.now });
  const config = loadConfig(dataDir, env);
  const simple = async (url: string | null, check: () => Promise<CheckResult>): Promise<SimpleBackOfficeResult> => {
    if (!url) return { ok: false, reason: '未配置' };
    const r = await check();
    return r.ok ? { ok: true, url, latencyMs: r.latencyMs } : { ok: false, reason: r.reason, reasonEn: r.reasonEn };
  };
  // The KesionEDU apptoken/apikey live in the secret store (main/backoffice/effective.ts).
  const eff = resolveBackOffices(config, env, readSecret).config;
  const kesion = await simple(eff.kesion.url, () => checkKesion(eff.kesion));
  const campus = await simple(eff.campus.url, () => checkCampus(eff.campus));
  const results = { xiaobao, kesion, campus };
  const ok = Object.values(results).every((r) => r.ok || r.reason === '未配置');
  return { name: 'check-backoffices', ok, dataDir, backOffices: results };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const report = await checkBackOffices();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.exit(report.ok ? 0 : 1);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stdout.write(
        `${JSON.stringify({ name: 'check-backoffices', ok: false, configError: { file: e.file, issues: e.issues } }, null, 2)}\n`,
      );
      process.exit(2);
    }
    throw e;
  }
}
