/**
 * The one catalog look-up the bill module needs: an active item by its code. catalog_items
 * belongs to main/catalog; the bill service reads it through here, never by its own SQL.
 */
import type { Store } from '../store/db.js';

export interface ActiveItem {
  code: string;
  name: string;
  priceFen: number;
  businessType: number;
}

export function createActiveItemLookup(store: Store): (code: string) => ActiveItem | null {
  const stmt = store.db.prepare(
    'SELECT code, name, price_fen, business_type FROM catalog_items WHERE code = ? AND active = 1',
  );
  return (code) => {
    const r = stmt.get(code) as { code: string; name: string; price_fen: number; business_type: number } | undefined;
    return r ? { code: r.code, name: r.name, priceFen: r.price_fen, businessType: r.business_type } : null;
  };
}
