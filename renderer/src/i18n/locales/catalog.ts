import type { Strings } from './strings.js';
import type { zhCN } from './zh-CN/index.js';

/** zh-CN is the source of keys; every other language has the same namespaces and keys. */
export type Catalog = Strings<typeof zhCN>;
export type Namespace = keyof Catalog;
