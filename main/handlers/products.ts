import { AppError } from '../../app/result.js';
import type { Product } from '../../app/contract/products.js';
import type { Catalog, CatalogItem } from '../catalog/catalog.js';
import { importTemplate } from '../catalog/template.js';
import type { CallContext, HandlerMap } from './dispatch.js';

type ProductCommandName = 'products.list' | 'products.save' | 'products.setActive' | 'products.template';

export interface ProductHandlerServices {
  catalog: Pick<Catalog, 'byCode' | 'search' | 'list' | 'count' | 'upsert' | 'setActive'>;
}

const product = (i: CatalogItem): Product => ({ ...i });

/**
 * Handlers of app/contract/products.ts (the 商品 tab) over main/catalog/catalog.ts. Who
 * authorised each write is the audit's operator.
 */
export function createProductHandlers(services: ProductHandlerServices): Pick<HandlerMap, ProductCommandName> {
  const { catalog } = services;
  const who = (ctx: CallContext): string => {
    if (!ctx.supervisor) throw new AppError('supervisor-required', 'a supervisor must authorise this');
    return ctx.supervisor.operatorNo;
  };
  return {
    'products.list': (input, ctx) => {
      who(ctx);
      const limit = input.limit ?? 50;
      const includeInactive = input.includeInactive;
      const q = input.query.trim();
      const items =
        q === ''
          ? catalog.list({ ...(input.after !== undefined ? { after: input.after } : {}), limit, includeInactive })
          : catalog.search(q, { limit, includeInactive });
      return {
        items: items.map(product),
        total: catalog.count({ includeInactive: true }),
        active: catalog.count(),
      };
    },

    'products.save': (input, ctx) => {
      const by = who(ctx);
      const { item } = input;
      const existing = catalog.byCode(item.code, { includeInactive: true });
      if (input.mode === 'add' && existing) {
        throw new AppError('invalid-input', `code: ${item.code} is already used by ${existing.name}`, {
          field: 'code',
          problem: 'code-taken',
          name: existing.name,
        });
      }
      if (input.mode === 'edit' && !existing) {
        throw new AppError('item-not-found', `no item with code ${item.code}`, { field: 'code', code: item.code });
      }
      return product(catalog.upsert(item, by));
    },

    'products.setActive': (input, ctx) => product(catalog.setActive(input.code, input.active, who(ctx))),

    'products.template': (input, ctx) => {
      who(ctx);
      const t = importTemplate(input.format);
      return { fileName: t.fileName, mimeType: t.mimeType, contentBase64: t.bytes.toString('base64') };
    },
  };
}
