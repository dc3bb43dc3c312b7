import type { Product, ProductInput } from '../../../../app/contract/products.js';
import { fenToYuanString, parseYuan } from '../../../../app/money.js';
import type { SupTextKey } from './texts.js';

/** What the product form holds: text as typed; price in yuan. */
export interface ProductDraft {
  code: string;
  name: string;
  price: string;
  businessType: string;
  quickKey: string;
  active: boolean;
}

export const emptyDraft = (businessType = 2): ProductDraft => ({
  code: '',
  name: '',
  price: '',
  businessType: String(businessType),
  quickKey: '',
  active: true,
});

export const draftOf = (p: Product): ProductDraft => ({
  code: p.code,
  name: p.name,
  price: fenToYuanString(p.priceFen),
  businessType: String(p.businessType),
  quickKey: p.quickKey === null ? '' : String(p.quickKey),
  active: p.active,
});

/**
 * The draft as the command's input (yuan → integer fen here, at the edge), or the first
 * problem as the field and the words' key.
 */
export function inputOf(
  d: ProductDraft,
): { ok: true; item: ProductInput } | { ok: false; field: string; key: SupTextKey } {
  const code = d.code.trim();
  if (code === '' || code.length > 40 || /\s/.test(code)) return { ok: false, field: 'code', key: 'products.bad.code' };
  const name = d.name.trim();
  if (name === '' || name.length > 100) return { ok: false, field: 'name', key: 'products.bad.name' };
  const price = parseYuan(d.price, { allowZero: true });
  if (!price.ok) return { ok: false, field: 'price', key: 'products.bad.price' };
  const bt = Number(d.businessType);
  if (!/^[1-7]$/.test(d.businessType.trim())) return { ok: false, field: 'businessType', key: 'products.bad.type' };
  const qk = d.quickKey.trim();
  if (qk !== '' && (!/^\d{1,2}$/.test(qk) || Number(qk) < 1 || Number(qk) > 36))
    return { ok: false, field: 'quickKey', key: 'products.bad.quickKey' };
  return {
    ok: true,
    item: {
      code,
      name,
      priceFen: price.fen,
      businessType: bt,
      quickKey: qk === '' ? null : Number(qk),
      active: d.active,
    },
  };
}
