/**
 * The shop's discount policy, kept in the ledger like the role permissions (a supervisor
 * changes it on the 操作员 tab; audited as setting.set; it travels with the ledger's backups):
 *  - `discount.cashierLimit`: what a cashier may give per bill without a supervisor — at most
 *    `maxPercentOff` % of the bill's gross and at most `maxFen` (both must hold);
 *  - `discount.roundOffRule`: the 抹零 rule Ctrl+M applies (app/pricing.ts ROUND_OFF_RULES).
 * Declared once here; the contract's schemas (app/contract/discounts.ts) validate both.
 */
import { DiscountLimitSchema, RoundOffRuleSchema, type DiscountSettingsView } from '../../app/contract/discounts.js';
import type { DiscountLimit, RoundOffRule } from '../../app/pricing.js';
import type { Store } from '../store/db.js';
import { createSettings } from '../store/settings.js';

const SCHEMAS = {
  'discount.cashierLimit': DiscountLimitSchema,
  'discount.roundOffRule': RoundOffRuleSchema,
} as const;

/** Unset: a cashier may give up to 10 % and ¥20 per bill; 抹零 drops the jiao and fen (抹角). */
export const DEFAULT_DISCOUNT_SETTINGS: DiscountSettingsView = {
  cashierLimit: { maxPercentOff: 10, maxFen: 2_000 },
  roundOffRule: 'drop-jiao',
};

export interface DiscountSettings {
  view(): DiscountSettingsView;
  cashierLimit(): DiscountLimit;
  roundOffRule(): RoundOffRule;
  set(change: Partial<DiscountSettingsView>, by: string): DiscountSettingsView;
}

export function createDiscountSettings(opts: { store: Store; now: () => number }): DiscountSettings {
  const settings = createSettings({ store: opts.store, now: opts.now, schemas: SCHEMAS });
  const s: DiscountSettings = {
    cashierLimit: () => settings.getOr('discount.cashierLimit', DEFAULT_DISCOUNT_SETTINGS.cashierLimit),
    roundOffRule: () => settings.getOr('discount.roundOffRule', DEFAULT_DISCOUNT_SETTINGS.roundOffRule),
    view: () => ({ cashierLimit: s.cashierLimit(), roundOffRule: s.roundOffRule() }),
    set(change, by) {
      opts.store.tx(() => {
        if (change.cashierLimit) settings.set('discount.cashierLimit', change.cashierLimit, { by });
        if (change.roundOffRule) settings.set('discount.roundOffRule', change.roundOffRule, { by });
      });
      return s.view();
    },
  };
  return s;
}
