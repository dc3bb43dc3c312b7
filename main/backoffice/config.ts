import { z } from 'zod';
import { createCampusClient, type CampusClientOptions } from './campus/client.js';
import { QR_CHANNELS } from './campus/schema.js';
import { createKesionClient, PATHS, type KesionClientOptions } from './kesion/client.js';
import type { TransportFailure } from './kesion/http.js';
import { MAX_BATCH_IDS } from './kesion/schema.js';

/**
 * Configuration of the KesionEDU (科讯网校) and smart-campus (智慧校园一卡通) back offices:
 * `backOffices.kesion` and `backOffices.campus` in config.json, meant to be added to
 * main/config.ts's ConfigSchema as `backOffices: BackOfficesSchema` with
 * `applyBackOfficesEnv` run among its environment overrides:
 *   COUNTERPAY_KESION_URL, COUNTERPAY_KESION_APPTOKEN, COUNTERPAY_CAMPUS_URL.
 * A url of null means "not configured" (the counter hides the screen, the check says so).
 */

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), { message: 'must start with http:// or https://' });
const PayId = z.string().regex(/^\d{1,10}$/, { message: '1–10 digits' });

export const KesionConfigSchema = z
  .object({
    /** Site root, e.g. "http://xx.com/" (the seed's "http://xx.com//" is accepted). */
    url: HttpUrl.nullable().default(null),
    /** The institution's apptoken. Never logged. */
    apptoken: z.string().max(200).default(''),
    /** Sent only when set. Never logged. */
    apikey: z.string().min(1).max(200).nullable().default(null),
    /** Where apptoken/apikey travel: the query string or the form body. */
    authPlacement: z.enum(['query', 'body']).default('query'),
    /** SaveSignUpOrder payid that pays from the institution's balance (ASSUMPTION: "0"). */
    balancePayId: PayId.default('0'),
    /** SaveSignUpOrder payid that records a collection made at the counter; null = counter collection off. */
    counterPayId: PayId.nullable().default(null),
    /** The order-info status endpoint (ASSUMPTION: not named by the seed). */
    orderInfoPath: z.string().min(1).max(200).default(PATHS.orderInfo),
    /** Most course/class ids or students in one batch. */
    maxIds: z.number().int().min(1).max(MAX_BATCH_IDS).default(MAX_BATCH_IDS),
    timeoutMs: z.number().int().min(1000).max(60_000).default(15_000),
  })
  .strict();

export const CampusConfigSchema = z
  .object({
    /** {WebPath}: site root including any virtual directory. */
    url: HttpUrl.nullable().default(null),
    /** Controller segment between WebPath and the action. */
    controller: z
      .string()
      .regex(/^\/?[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\/?$/, { message: 'path segments of letters, digits, _ or -' })
      .default('api/Pay'),
    /** PayMoney `amount` unit: fen per the seed's table (default) or yuan per its example. */
    amountUnit: z.enum(['fen', 'yuan']).default('fen'),
    /** SearchSuccessData by `ids` (recordIDs, the table, default) or by userID + orderNumber (the example). */
    successParam: z.enum(['ids', 'userID-orderNumber']).default('ids'),
    /** QR channels offered at the counter. */
    channels: z
      .array(z.enum(QR_CHANNELS))
      .min(1)
      .max(QR_CHANNELS.length)
      .default([...QR_CHANNELS]),
    timeoutMs: z.number().int().min(1000).max(60_000).default(15_000),
  })
  .strict();

export const BackOfficesSchema = z
  .object({
    kesion: KesionConfigSchema.prefault({}),
    campus: CampusConfigSchema.prefault({}),
  })
  .strict()
  .prefault({});

export type KesionConfig = z.output<typeof KesionConfigSchema>;
export type CampusConfig = z.output<typeof CampusConfigSchema>;
export type BackOfficesConfig = z.output<typeof BackOfficesSchema>;

export interface EnvProblem {
  field: string;
  message: string;
}

/** Apply COUNTERPAY_KESION_URL, COUNTERPAY_KESION_APPTOKEN and COUNTERPAY_CAMPUS_URL (empty = unset). */
export function applyBackOfficesEnv(
  config: BackOfficesConfig,
  env: NodeJS.ProcessEnv,
): { config: BackOfficesConfig; problems: EnvProblem[] } {
  const next: BackOfficesConfig = structuredClone(config);
  const problems: EnvProblem[] = [];
  const url = (name: string, set: (u: string) => void) => {
    const v = env[name];
    if (v === undefined || v === '') return;
    const r = HttpUrl.safeParse(v);
    if (r.success) set(r.data);
    else problems.push({ field: name, message: 'must be an http(s) URL' });
  };
  url('COUNTERPAY_KESION_URL', (u) => (next.kesion.url = u));
  url('COUNTERPAY_CAMPUS_URL', (u) => (next.campus.url = u));
  const token = env['COUNTERPAY_KESION_APPTOKEN'];
  if (token !== undefined && token !== '') {
    if (token.length <= 200) next.kesion.apptoken = token;
    else problems.push({ field: 'COUNTERPAY_KESION_APPTOKEN', message: 'at most 200 characters' });
  }
  return { config: next, problems };
}

export function kesionClientOptions(cfg: KesionConfig): KesionClientOptions | null {
  if (!cfg.url || !cfg.apptoken) return null;
  return {
    baseUrl: cfg.url,
    apptoken: cfg.apptoken,
    apikey: cfg.apikey,
    authPlacement: cfg.authPlacement,
    orderInfoPath: cfg.orderInfoPath,
    maxIds: cfg.maxIds,
    timeoutMs: cfg.timeoutMs,
  };
}

export function campusClientOptions(cfg: CampusConfig): CampusClientOptions | null {
  if (!cfg.url) return null;
  return {
    webPath: cfg.url,
    controller: cfg.controller,
    amountUnit: cfg.amountUnit,
    successParam: cfg.successParam,
    channels: cfg.channels,
    timeoutMs: cfg.timeoutMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Connection checks (测试连接 and the installer's check command)
// ---------------------------------------------------------------------------------------------

export type CheckResult = { ok: true; latencyMs: number } | { ok: false; reason: string; reasonEn: string };

export interface CheckOptions {
  /** Cap on the check's own wait (default 5 s, never more than the configured timeout). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function bad(reason: string, reasonEn: string): CheckResult {
  return { ok: false, reason, reasonEn };
}

function transportReason(
  f: TransportFailure,
  system: { zh: string; en: string },
  url: string,
  timeoutMs: number,
): CheckResult {
  switch (f.failure) {
    case 'timeout':
      return bad(
        `${system.zh}在 ${timeoutMs} 毫秒内没有应答，请检查网络或地址。`,
        `${system.en} did not answer within ${timeoutMs} ms; check the network or the URL.`,
      );
    case 'refused':
      return bad(
        `无法连接到${system.zh}（${url}），请检查地址和网络。`,
        `Cannot connect to ${system.en} (${url}); check the URL and the network.`,
      );
    case 'reset':
      return bad(
        `与${system.zh}的连接被中断，请稍后重试。`,
        `The connection to ${system.en} was reset; try again later.`,
      );
    case 'http-4xx':
      return bad(
        `${system.zh}接口不存在或拒绝访问（HTTP ${f.status ?? ''}），请检查地址和路径设置。`,
        `${system.en} endpoint missing or forbidden (HTTP ${f.status ?? ''}); check the URL and path settings.`,
      );
    case 'http-5xx':
      return bad(
        `${system.zh}服务器出错（HTTP ${f.status ?? ''}），请稍后重试或联系系统管理员。`,
        `${system.en} server error (HTTP ${f.status ?? ''}); try later or contact its administrator.`,
      );
    case 'unparseable':
      return bad(
        `${system.zh}的应答格式不正确，请检查地址是否指向正确的接口。`,
        `${system.en} answered in an unexpected format; check that the URL points at its API.`,
      );
  }
}

/** Text by which KesionEDU says the credentials are wrong (heuristic; see README). */
const AUTH_REFUSAL = /apptoken|apikey|token|登录|授权|签名|身份/i;

/**
 * Check the KesionEDU connection without side effects: InitializeBatchBill with the credentials
 * only (the endpoint is known to exist; without type, courses or students it is refused at
 * validation). Any well-formed `{result, msg}` answer proves the URL; a msg about the
 * apptoken/apikey means the credentials are refused.
 */
export async function checkKesion(cfg: KesionConfig, opts: CheckOptions = {}): Promise<CheckResult> {
  const system = { zh: '科讯网校', en: 'KesionEDU' };
  if (!cfg.url) return bad('未设置科讯网校地址。', 'The KesionEDU URL is not set.');
  if (!cfg.apptoken) return bad('未设置科讯网校的机构 apptoken。', "The institution's KesionEDU apptoken is not set.");
  const timeoutMs = Math.min(opts.timeoutMs ?? 5_000, cfg.timeoutMs);
  const client = createKesionClient({
    ...kesionClientOptions(cfg)!,
    timeoutMs,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const r = await client.probe();
  if (r.kind === 'ok') {
    if (!r.value.result && AUTH_REFUSAL.test(r.msg)) {
      return bad(`科讯网校拒绝了机构凭据：${r.msg}`, `KesionEDU refused the institution's credentials: ${r.msg}`);
    }
    return { ok: true, latencyMs: r.durationMs };
  }
  if (r.kind === 'refused') return { ok: true, latencyMs: r.durationMs };
  if (r.kind === 'invalid') return bad(`设置有误：${r.message}`, `Invalid setting: ${r.message}`);
  return transportReason(r, system, cfg.url, timeoutMs);
}

/**
 * Check the smart-campus connection without side effects: SearchPayPackages for a user id that
 * does not exist. Any well-formed `{error, ...}` answer proves WebPath and the controller.
 */
export async function checkCampus(cfg: CampusConfig, opts: CheckOptions = {}): Promise<CheckResult> {
  const system = { zh: '智慧校园', en: 'Smart campus' };
  if (!cfg.url) return bad('未设置智慧校园地址（WebPath）。', 'The smart-campus URL (WebPath) is not set.');
  const timeoutMs = Math.min(opts.timeoutMs ?? 5_000, cfg.timeoutMs);
  const client = createCampusClient({
    ...campusClientOptions(cfg)!,
    timeoutMs,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const r = await client.searchPayPackages({ userID: '0', type: 0, payType: 0 });
  if (r.kind === 'ok' || r.kind === 'refused') return { ok: true, latencyMs: r.durationMs };
  if (r.kind === 'invalid') return bad(`设置有误：${r.message}`, `Invalid setting: ${r.message}`);
  return transportReason(r, system, client.urls.searchPayPackages, timeoutMs);
}
