import type { SetupLocale } from './texts.js';

/**
 * The setup screen's own checks of URLs and gateway paths, in the installer's language, before
 * anything is sent (main checks the same again: app/contract/setup.ts). Also the few texts of
 * the gateway section that depend on them (which gateway is in use, which secret was sent).
 */

export type UrlProblem = 'no-scheme' | 'bad-scheme' | 'not-https' | 'invalid' | 'too-long' | 'spaces';
export type PathProblem = 'required' | 'absolute' | 'dot-dot' | 'bad-chars';

/** What is wrong with a URL typed into the form, or null when it is fine. */
export function urlProblem(value: string, opts: { httpsOnly?: boolean } = {}): UrlProblem | null {
  const v = value.trim();
  if (v.length > 500) return 'too-long';
  if (/\s/.test(v)) return 'spaces';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(v);
  // "pay.example.cn:8080" and "localhost:8080" look like a scheme followed by a port: no scheme.
  if (!scheme || /^\d+(\/|$)/.test(v.slice(scheme[0].length))) return 'no-scheme';
  const name = scheme[1]!.toLowerCase();
  if (name !== 'http' && name !== 'https') return 'bad-scheme';
  if (opts.httpsOnly && name !== 'https') return 'not-https';
  try {
    const u = new URL(v);
    if (!u.hostname) return 'invalid';
  } catch {
    return 'invalid';
  }
  if (!/^https?:\/\/[^/]/i.test(v)) return 'invalid';
  return null;
}

/** What is wrong with a gateway endpoint path, or null (the rule of isRelativeGatewayPath). */
export function pathProblem(value: string): PathProblem | null {
  const p = value.trim();
  if (p === '') return 'required';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(p) || p.includes('//')) return 'absolute';
  if (/[\s?#\\%]/.test(p) || p.length > 200) return 'bad-chars';
  if (p.replace(/^\/+/, '').split('/').some((seg) => seg === '..' || seg === '.')) return 'dot-dot';
  return null;
}

const zh = {
  'url.no-scheme': '网址须以 http:// 或 https:// 开头，例如 http://{example}',
  'url.bad-scheme': '只支持 http:// 或 https:// 开头的网址',
  'url.not-https': '更新地址必须以 https:// 开头（更新是程序代码，不能用不加密的 http）',
  'url.invalid': '网址格式不对，例如 https://pay.example.cn/',
  'url.too-long': '网址太长（最多 500 个字符）',
  'url.spaces': '网址中不能有空格',
  'path.required': '必填',
  'path.absolute': '这里只填网关地址后面的路径，例如 api/3Pay/KouDaiLQ/Query；不能填完整网址或以 // 开头',
  'path.dot-dot': '路径中不能有 .. 或 .',
  'path.bad-chars': '路径中不能有空格、?、#、% 或反斜杠，最多 200 个字符',
  inUseEnv: '实际使用的网关：{url}（由环境变量 {variable} 指定，上面填写的地址不生效）。',
  authNotSent: '没有发送已保存的网关授权信息：它只发给保存时的网关地址（{origin}）。如要测试新地址的授权，请在上面重新填写。',
  authTyped: '已使用上面填写的网关授权信息测试。',
  authStored: '已使用保存的网关授权信息测试。',
  serverField: '此项填写有误',
  testNotSent: '地址有误，没有发出请求',
} as const;

export type GatewayTextKey = keyof typeof zh;

const en: Record<GatewayTextKey, string> = {
  'url.no-scheme': 'A URL must start with http:// or https://, e.g. http://{example}',
  'url.bad-scheme': 'Only URLs starting with http:// or https:// are supported',
  'url.not-https': 'The update URL must start with https:// (updates are program code; never over plain http)',
  'url.invalid': 'Not a valid URL, e.g. https://pay.example.cn/',
  'url.too-long': 'The URL is too long (at most 500 characters)',
  'url.spaces': 'A URL cannot contain spaces',
  'path.required': 'required',
  'path.absolute': 'Only the path after the gateway URL goes here, e.g. api/3Pay/KouDaiLQ/Query; not a full URL, and not starting with //',
  'path.dot-dot': 'The path cannot contain .. or .',
  'path.bad-chars': 'The path cannot contain spaces, ?, #, % or backslashes, and has at most 200 characters',
  inUseEnv: 'Gateway in use: {url} (set by the environment variable {variable}; the URL above does not apply).',
  authNotSent:
    'The saved gateway authorization was not sent: it only goes to the gateway URL it was saved with ({origin}). To test this URL with an authorization, enter it above.',
  authTyped: 'Tested with the gateway authorization entered above.',
  authStored: 'Tested with the saved gateway authorization.',
  serverField: 'This field is not valid',
  testNotSent: 'The address is not valid; nothing was sent',
};

export function gatewayText(locale: SetupLocale, key: GatewayTextKey, params?: Record<string, string>): string {
  const t: string = (locale === 'en' ? en : zh)[key];
  return params ? t.replace(/\{(\w+)\}/g, (w, n: string) => params[n] ?? w) : t;
}

/** The message for a URL problem; `value` makes the no-scheme example out of what was typed. */
export function urlProblemText(locale: SetupLocale, problem: UrlProblem, value = ''): string {
  const example = value.trim().replace(/^\/+/, '') || 'pay.example.cn/';
  return gatewayText(locale, `url.${problem}`, { example });
}

export function pathProblemText(locale: SetupLocale, problem: PathProblem): string {
  return gatewayText(locale, `path.${problem}`);
}
