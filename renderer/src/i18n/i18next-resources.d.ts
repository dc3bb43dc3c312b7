/**
 * Typed resources: `t` from i18next / react-i18next only accepts keys that exist in the zh-CN
 * catalog, so a missing key is a compile error.
 */
import 'i18next';
import type { zhCN } from './locales/zh-CN/index.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'messages';
    resources: typeof zhCN;
    keySeparator: false;
    nsSeparator: false;
    interpolationPrefix: '{';
    interpolationSuffix: '}';
    returnNull: false;
  }
}
