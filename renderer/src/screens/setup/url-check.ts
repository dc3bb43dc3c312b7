import { text } from '../../i18n/instance.js';
import type { zhCN } from '../../i18n/locales/zh-CN/index.js';
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
  if (
    p
      .replace(/^\/+/, '')
      .split('/')
      .some((seg) => seg === '..' || seg === '.')
  )
    return 'dot-dot';
  return null;
}

/** The catalog namespace `gateway` (renderer/src/i18n/locales). */
export type GatewayTextKey = keyof (typeof zhCN)['gateway'];

export function gatewayText(locale: SetupLocale, key: GatewayTextKey, params?: Record<string, string>): string {
  return text(locale, 'gateway', key, params);
}

/** The message for a URL problem; `value` makes the no-scheme example out of what was typed. */
export function urlProblemText(locale: SetupLocale, problem: UrlProblem, value = ''): string {
  const example = value.trim().replace(/^\/+/, '') || 'pay.example.cn/';
  return gatewayText(locale, `url.${problem}`, { example });
}

export function pathProblemText(locale: SetupLocale, problem: PathProblem): string {
  return gatewayText(locale, `path.${problem}`);
}
