/**
 * One connection check per back office, with the outcome in Chinese and English, never a raw
 * code (测试连接 in setup, the status pills' light check). KesionEDU and campus: the same checks
 * as `npm run check:backoffices` (main/backoffice/config.ts). Xiaobao: a token, then one page
 * of orders of the last 24 hours.
 */
import { checkCampus, checkKesion, type CheckResult } from './config.js';
import type { BackOfficeSystem, EffectiveBackOffices } from './effective.js';
import { createXiaobaoClient, XiaobaoError, type XiaobaoClient } from './xiaobao/client.js';
import { formatXbDateTime } from './xiaobao/dates.js';
import type { XiaobaoSettings } from './xiaobao/settings.js';

export type { CheckResult } from './config.js';

export interface XiaobaoCheckOptions {
  now?: () => number;
  /** Cap on each request of the check (default 5 s, never more than the configured timeout). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const MISSING_ZH: Record<string, string> = {
  'backOffices.xiaobao.url': '接口地址',
  'backOffices.xiaobao.accessKeyId': '访问密钥 ID',
  'backOffices.xiaobao.corpId': '机构编号',
  'xiaobao.accessKeySecret': '访问密钥',
};

/** A Xiaobao failure in words: which step, and what to check. */
export function xiaobaoReason(e: unknown, step: 'token' | 'list', timeoutMs: number): CheckResult {
  const at = step === 'token' ? { zh: '获取令牌', en: 'getting a token' } : { zh: '查询订单', en: 'listing orders' };
  const bad = (zh: string, en: string): CheckResult => ({ ok: false, reason: zh, reasonEn: en });
  if (!(e instanceof XiaobaoError)) {
    return bad(`校宝检查失败（${at.zh}）。`, `The Xiaobao check failed (${at.en}).`);
  }
  switch (e.kind) {
    case 'token':
      return bad(
        '校宝拒绝了接口凭据，请检查访问密钥 ID 和访问密钥。',
        'Xiaobao refused the credentials; check accessKeyId and accessKeySecret.',
      );
    case 'timeout':
      return bad(
        `校宝在 ${timeoutMs} 毫秒内没有应答（${at.zh}），请检查网络或地址。`,
        `Xiaobao did not answer within ${timeoutMs} ms (${at.en}); check the network or the URL.`,
      );
    case 'network':
      return bad(
        `无法连接到校宝（${at.zh}），请检查地址和网络。`,
        `Cannot connect to Xiaobao (${at.en}); check the URL and the network.`,
      );
    case 'http':
      return (e.status ?? 0) >= 500
        ? bad(
            `校宝服务器出错（HTTP ${e.status ?? ''}），请稍后重试。`,
            `Xiaobao server error (HTTP ${e.status ?? ''}); try again later.`,
          )
        : bad(
            `校宝接口不存在或拒绝访问（HTTP ${e.status ?? ''}），请检查接口地址。`,
            `Xiaobao endpoint missing or forbidden (HTTP ${e.status ?? ''}); check the URL.`,
          );
    case 'api':
      return bad(
        step === 'token'
          ? '校宝拒绝了接口凭据，请检查访问密钥 ID 和访问密钥。'
          : '校宝拒绝了查询，请检查机构编号和签名设置（编码、成功判定）。',
        step === 'token'
          ? 'Xiaobao refused the credentials; check accessKeyId and accessKeySecret.'
          : 'Xiaobao refused the query; check the corp-id and the signature settings (encoding, success rule).',
      );
    case 'bad-reply':
      return bad(
        `校宝的应答格式不正确（${at.zh}），请检查地址是否指向开放平台接口。`,
        `Xiaobao answered in an unexpected format (${at.en}); check that the URL points at its open API.`,
      );
    case 'invalid-request':
    case 'paging':
      return bad(
        `设置有误：${e.field ?? ''} ${e.limit ?? ''}`.trim() + '。',
        `Invalid setting: ${e.field ?? ''} ${e.limit ?? ''}`.trim() + '.',
      );
  }
}

export async function checkXiaobao(
  s: XiaobaoSettings,
  opts: XiaobaoCheckOptions & { client?: XiaobaoClient } = {},
): Promise<CheckResult> {
  if (!s.configured) {
    const names = s.missing.map((m) => MISSING_ZH[m] ?? m);
    return {
      ok: false,
      reason: `校宝未设置完整：缺少${names.join('、')}。`,
      reasonEn: `Xiaobao is not fully set up: missing ${s.missing.join(', ')}.`,
    };
  }
  const now = opts.now ?? Date.now;
  const timeoutMs = Math.min(opts.timeoutMs ?? 5_000, s.client.timeoutMs ?? 10_000);
  const client =
    opts.client ??
    createXiaobaoClient({
      ...s.client,
      timeoutMs,
      readRetries: 0,
      now,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  const t0 = now();
  let step: 'token' | 'list' = 'token';
  try {
    await client.token();
    step = 'list';
    const t1 = now();
    await client.getTranOrderListPage({
      pageIndex: 1,
      pageSize: 1,
      beginDate: formatXbDateTime(t1 - 86_400_000),
      endDate: formatXbDateTime(t1),
      ...(s.schoolId !== null ? { schoolId: s.schoolId } : {}),
    });
    return { ok: true, latencyMs: Math.max(0, now() - t0) };
  } catch (e) {
    return xiaobaoReason(e, step, timeoutMs);
  }
}

/** The check of one back office from its effective settings. */
export function checkBackOffice(
  system: BackOfficeSystem,
  effective: Pick<EffectiveBackOffices, 'config' | 'xiaobao'>,
  opts: XiaobaoCheckOptions = {},
): Promise<CheckResult> {
  const o = {
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  };
  if (system === 'xiaobao') return checkXiaobao(effective.xiaobao, opts);
  if (system === 'kesion') return checkKesion(effective.config.kesion, o);
  return checkCampus(effective.config.campus, o);
}

/**
 * The status pills' periodic check: like checkBackOffice, but with ONE Xiaobao client kept
 * across checks, so its token is reused until it expires (a check a minute must not fetch a
 * token a minute from the ERP).
 */
export function createBackOfficeChecker(
  effective: Pick<EffectiveBackOffices, 'config' | 'xiaobao'>,
  opts: XiaobaoCheckOptions = {},
): (system: BackOfficeSystem) => Promise<CheckResult> {
  const xb = effective.xiaobao;
  const timeoutMs = Math.min(opts.timeoutMs ?? 5_000, xb.configured ? (xb.client.timeoutMs ?? 10_000) : 5_000);
  const client = xb.configured
    ? createXiaobaoClient({
        ...xb.client,
        timeoutMs,
        readRetries: 0,
        ...(opts.now ? { now: opts.now } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      })
    : undefined;
  return (system) =>
    system === 'xiaobao'
      ? checkXiaobao(xb, { ...opts, ...(client ? { client } : {}) })
      : checkBackOffice(system, effective, opts);
}
