import crypto from 'node:crypto';
import { buildQueryBody, parseGatewayReply, QUERY_PATH } from '../../app/payment/gateway-schema.js';

/**
 * The setup screen's "test connection" (测试连接): one real call to the gateway's *query*
 * endpoint with a bill number that cannot exist (`CPTEST…`). A query is harmless — it never
 * moves money — and an unknown bill gets a business answer ("order does not exist"), which
 * proves the URL, the path, the network and the gateway all work. Every outcome comes back with
 * the HTTP status, the latency and a plain Chinese (and English) reason an installer can act on.
 */

export type ConnectionTestKind =
  | 'ok'
  | 'bad-url'
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'tls'
  | 'network'
  | 'not-found'
  | 'unauthorized'
  | 'server-error'
  | 'http-error'
  | 'not-gateway';

export interface ConnectionTestResult {
  /** The gateway answered its query endpoint in the KouDaiLQ format. */
  ok: boolean;
  /** Some HTTP answer came back (the host and port are reachable). */
  reachable: boolean;
  kind: ConnectionTestKind;
  /** The exact URL that was called. */
  url: string;
  httpStatus: number | null;
  latencyMs: number | null;
  /** The gateway's errcode/errmsg when it answered in its format (an unknown bill is expected). */
  errcode: number | null;
  errmsg: string | null;
  /** The low-level error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…) when there was one. */
  errorCode: string | null;
  zh: string;
  en: string;
}

export interface ConnectionTestInput {
  /** Gateway base URL, e.g. https://pay.example.cn/ */
  url: string;
  queryPath?: string;
  timeoutMs?: number;
  /** Optional Authorization header value (from the secret store). Never logged. */
  authorization?: string | null;
  billtype?: string;
  paytype?: string;
}

export interface ConnectionTestDeps {
  now?: () => number;
  fetch?: typeof fetch;
  /** The probe bill number (tests); default CPTEST + 12 random hex digits. */
  billNum?: string;
}

export function joinGatewayUrl(base: string, p: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return new URL(p.replace(/^\/+/, ''), b).toString();
}

function errorCodeOf(e: unknown): string | null {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // A host with several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError.
    const inner = (cur as { errors?: unknown }).errors;
    if (Array.isArray(inner)) {
      for (const x of inner) {
        const c = errorCodeOf(x);
        if (c) return c;
      }
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}

/** fetch refuses some ports outright ("bad port": 1, 21, 25, 6000…) without trying to connect. */
function isBlockedPort(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    if (/bad port/i.test(String((cur as { message?: unknown }).message ?? ''))) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

const TLS_CODES =
  /^(CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|ERR_SSL_|EPROTO)/;

export async function testGatewayConnection(
  input: ConnectionTestInput,
  deps: ConnectionTestDeps = {},
): Promise<ConnectionTestResult> {
  const now = deps.now ?? (() => performance.now());
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = input.timeoutMs ?? 8000;
  const queryPath = input.queryPath?.trim() || QUERY_PATH;
  const base: Omit<ConnectionTestResult, 'ok' | 'reachable' | 'kind' | 'zh' | 'en'> = {
    url: input.url,
    httpStatus: null,
    latencyMs: null,
    errcode: null,
    errmsg: null,
    errorCode: null,
  };

  let url: string;
  try {
    const parsed = new URL(input.url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
    url = joinGatewayUrl(input.url, queryPath);
  } catch {
    return {
      ...base,
      ok: false,
      reachable: false,
      kind: 'bad-url',
      zh: '网关地址格式不对：应以 http:// 或 https:// 开头，例如 https://pay.example.cn/',
      en: 'The gateway URL is not valid: it must start with http:// or https://, e.g. https://pay.example.cn/',
    };
  }
  const billNum = deps.billNum ?? `CPTEST${crypto.randomBytes(6).toString('hex').toUpperCase()}`;
  const body = buildQueryBody({ billNum, billtype: input.billtype ?? '', paytype: input.paytype ?? '' });
  if (!body.ok) throw new Error(`probe body invalid: ${body.error.message ?? body.error.code}`);
  const host = new URL(url).host;
  const seconds = Math.round(timeoutMs / 100) / 10;
  const started = now();
  const result = { ...base, url };

  let res: Response;
  let text: string;
  try {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      accept: 'application/json',
    };
    if (input.authorization) headers.authorization = input.authorization;
    res = await doFetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body.value),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    const latencyMs = Math.round(now() - started);
    const name = (e as { name?: unknown } | null)?.name;
    const code = errorCodeOf(e);
    const out = { ...result, latencyMs, errorCode: code };
    if (
      name === 'TimeoutError' ||
      name === 'AbortError' ||
      code === 'UND_ERR_CONNECT_TIMEOUT' ||
      code === 'UND_ERR_HEADERS_TIMEOUT'
    ) {
      return {
        ...out,
        ok: false,
        reachable: false,
        kind: 'timeout',
        zh: `${seconds} 秒内没有应答：网关太慢，或网络、防火墙拦截了到 ${host} 的连接。`,
        en: `No answer within ${seconds} s: the gateway is too slow, or the network or a firewall blocks ${host}.`,
      };
    }
    if (code === 'ECONNREFUSED') {
      // The network works: the computer at that address answered, but nothing listens on the port.
      return {
        ...out,
        ok: false,
        reachable: false,
        kind: 'refused',
        zh: `连接被拒绝：${host} 这台电脑有应答，但这个端口上没有网关服务在监听（网络本身是通的）。请核对网关地址中的端口号，或确认网关服务已启动。`,
        en: `Connection refused: the computer at ${host} answered, but nothing listens on that port (the network itself works). Check the port in the gateway address, or that the gateway service is running.`,
      };
    }
    if (code === null && isBlockedPort(e)) {
      const port = new URL(url).port;
      return {
        ...out,
        ok: false,
        reachable: false,
        kind: 'refused',
        errorCode: 'ERR_BLOCKED_PORT',
        zh: `端口 ${port} 是不安全端口，本程序不会连接它（没有发出任何请求）。请核对网关地址中的端口号。`,
        en: `Port ${port} is an unsafe port that this app never connects to (nothing was sent). Check the port in the gateway address.`,
      };
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
      return {
        ...out,
        ok: false,
        reachable: false,
        kind: 'dns',
        zh: `找不到主机 ${new URL(url).hostname}：请检查网关地址的拼写，以及本机的网络和 DNS 设置。`,
        en: `Host ${new URL(url).hostname} not found: check the spelling of the gateway address and this PC's network/DNS.`,
      };
    }
    if (code && TLS_CODES.test(code)) {
      return {
        ...out,
        ok: false,
        reachable: false,
        kind: 'tls',
        zh: `HTTPS 证书验证失败（${code}）：网关证书无效或已过期，或本机日期时间不对。`,
        en: `HTTPS certificate check failed (${code}): the gateway certificate is invalid or expired, or this PC's clock is wrong.`,
      };
    }
    return {
      ...out,
      ok: false,
      reachable: false,
      kind: 'network',
      zh: `网络错误${code ? `（${code}）` : ''}：无法与 ${host} 通信。请检查本机网络连接、网关地址和代理设置。`,
      en: `Network error${code ? ` (${code})` : ''}: cannot talk to ${host}. Check this PC's network connection, the gateway address and the proxy settings.`,
    };
  }

  const latencyMs = Math.round(now() - started);
  const status = res.status;
  const out = { ...result, latencyMs, httpStatus: status };
  const parsed = parseGatewayReply(text);
  if (status >= 200 && status < 300) {
    if (parsed.ok) {
      const { errcode, errmsg } = parsed.reply;
      return {
        ...out,
        ok: true,
        reachable: true,
        kind: 'ok',
        errcode,
        errmsg,
        zh: `连接正常：网关查询接口已应答（用于测试的单号不存在属正常，errcode=${errcode}${errmsg ? `，${errmsg}` : ''}），耗时 ${latencyMs} 毫秒。`,
        en: `Connection OK: the gateway's query endpoint answered (the test bill is unknown, as expected: errcode=${errcode}${errmsg ? `, ${errmsg}` : ''}) in ${latencyMs} ms.`,
      };
    }
    return {
      ...out,
      ok: false,
      reachable: true,
      kind: 'not-gateway',
      zh: `地址可以访问（HTTP ${status}），但应答不是收款网关的格式：网关地址或查询路径可能填错了。`,
      en: `The address answers (HTTP ${status}), but not like the payment gateway: the gateway URL or the query path is probably wrong.`,
    };
  }
  if (status >= 300 && status < 400) {
    const location = res.headers.get('location');
    return {
      ...out,
      ok: false,
      reachable: true,
      kind: 'http-error',
      zh: `网关要求跳转（HTTP ${status}${location ? ` → ${location}` : ''}）：请直接填写跳转后的地址（常见于 http 改为 https）。`,
      en: `The gateway redirects (HTTP ${status}${location ? ` → ${location}` : ''}): enter the final address instead (often http → https).`,
    };
  }
  if (status === 404 || status === 405) {
    return {
      ...out,
      ok: false,
      reachable: true,
      kind: 'not-found',
      zh: `网关可以访问，但查询路径不存在（HTTP ${status}）：请检查查询路径（默认 ${QUERY_PATH}）。`,
      en: `The gateway is reachable but the query path does not exist (HTTP ${status}): check the query path (default ${QUERY_PATH}).`,
    };
  }
  if (status === 401 || status === 403) {
    return {
      ...out,
      ok: false,
      reachable: true,
      kind: 'unauthorized',
      zh: `网关拒绝了请求（HTTP ${status}）：需要授权信息，或本机 IP 不在网关白名单中。`,
      en: `The gateway refused the request (HTTP ${status}): it needs credentials, or this PC's IP is not on its allow-list.`,
    };
  }
  if (status >= 500) {
    return {
      ...out,
      ok: false,
      reachable: true,
      kind: 'server-error',
      errcode: parsed.ok ? parsed.reply.errcode : null,
      errmsg: parsed.ok ? parsed.reply.errmsg : null,
      zh: `网关可以访问，但返回了服务器错误（HTTP ${status}）：请联系网关服务方。`,
      en: `The gateway is reachable but answered with a server error (HTTP ${status}): contact the gateway operator.`,
    };
  }
  return {
    ...out,
    ok: false,
    reachable: true,
    kind: 'http-error',
    zh: `网关返回了意外的状态（HTTP ${status}）：请检查网关地址和查询路径。`,
    en: `The gateway answered with an unexpected status (HTTP ${status}): check the gateway URL and query path.`,
  };
}
