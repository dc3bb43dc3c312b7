/**
 * The renderer's one i18next instance over the typed catalogs in ./locales (zh-CN default,
 * English available; bundled, no fetches). Placeholders keep the `{name}` style; a placeholder
 * without a value is left as it is. Every text helper (translate, errorText, supText,
 * setupText, recoveryText, …) goes through `text()` here, so substitution is written once.
 */
import i18next from 'i18next';
import type { Catalog, Namespace } from './locales/catalog.js';
import { en } from './locales/en/index.js';
import { zhCN } from './locales/zh-CN/index.js';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export type Params = Record<string, string | number>;

export const CATALOGS: { 'zh-CN': typeof zhCN; en: Catalog } = { 'zh-CN': zhCN, en };
export const NAMESPACES = Object.keys(zhCN) as Namespace[];

/** Interpolation as configured below, shared with the i18next type declaration (./i18next.d.ts). */
export const INTERPOLATION = { prefix: '{', suffix: '}', escapeValue: false } as const;

export const i18n = i18next.createInstance();
void i18n.init({
  resources: CATALOGS,
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: [...LOCALES],
  load: 'currentOnly',
  ns: NAMESPACES,
  defaultNS: 'messages',
  // Keys are flat ('app.title', 'gate.as'); the dots are part of the key, not a path.
  keySeparator: false,
  nsSeparator: false,
  initAsync: false,
  returnNull: false,
  interpolation: INTERPOLATION,
});

type PlainT = (key: string, options?: { replace?: Params }) => string;

/** Text of one key of a namespace in a locale, `{name}` placeholders filled from `params`. */
export function text(locale: Locale, ns: Namespace, key: string, params?: Params): string {
  // `replace` keeps the values apart from i18next's own options (lng, count, context, …).
  const t = i18n.getFixedT(locale, ns) as unknown as PlainT;
  return params ? t(key, { replace: params }) : t(key);
}

/** Fill `{name}` placeholders of a text already taken from a catalog. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return i18n.services.interpolator.interpolate(template, params, i18n.language, {});
}
