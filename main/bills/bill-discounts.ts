/**
 * Discounts, price overrides (改价) and 抹零 on an open sale (docs/ARCHITECTURE.md §5.1). Each is
 * one transaction: check the bill is open, replace the adjustment (bill_adjustments), reprice
 * the bill (bill-pricing.ts → app/pricing.ts), check the cashier's limit on what the bill now
 * gives away, audit who gave it and who authorised it. Refused on a bill that is not open
 * (`bill-locked` while a payment is live, `bill-already-paid`, `bill-not-open`).
 *
 * The limit is the caller's to choose (main/handlers/discounts.ts): none for a supervisor or an
 * authorised over-limit discount, the cashier role's otherwise. A discount that would take the
 * bill's line and whole-bill discounts above the limit, and more than before, is refused with
 * `discount-over-limit` and nothing changes.
 */
import { FenSchema } from '../../app/contract/schemas.js';
import {
  discountOn,
  discretionaryFen,
  withinLimit,
  type DiscountLimit,
  type DiscountSpec,
  type RoundOffRule,
} from '../../app/pricing.js';
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import type { BillCore } from './bill-core.js';
import { fen, input, invalid } from './bill-input.js';
import type { BillRow } from './bill-repo.js';
import type { BillService } from './bill-types.js';

export type BillDiscounts = Pick<BillService, 'discount' | 'overridePrice' | 'roundOff'>;

export function createBillDiscounts(core: BillCore): BillDiscounts {
  const { store, now, repo, adjustments, view, load, loadOpen, subject } = core;

  function openSale(billId: number): BillRow {
    const row = loadOpen(billId);
    if (row.kind !== 'sale') throw invalid('kind', `a ${row.kind} bill takes no discount`, { kind: row.kind });
    core.requireAdjustable(row);
    return row;
  }

  function liveLine(row: BillRow, lineNo: number) {
    const l = repo.line(row.id, input.id('lineNo', lineNo));
    if (!l) throw invalid('lineNo', `bill ${row.bill_no} has no line ${lineNo}`);
    if (l.voided) throw invalid('lineNo', `line ${lineNo} is voided`);
    return l;
  }

  function checkSpec(spec: DiscountSpec, onFen: number, field: string): void {
    if (spec.mode === 'amount') {
      fen(`${field}.fen`, spec.fen);
      if (spec.fen > onFen)
        throw new AppError('amount-out-of-range', `${field}: at most ${onFen} fen off`, {
          field: `${field}.fen`,
          min: 1,
          max: onFen,
          value: spec.fen,
        });
    } else if (!Number.isInteger(spec.rate) || spec.rate < 1 || spec.rate > 99) {
      throw invalid(`${field}.rate`, 'between 1 and 99 (90 = 九折)', { min: 1, max: 99 });
    }
  }

  return {
    discount(billId, target, spec, actor) {
      const operatorNo = input.operatorNo('operatorNo', actor.operatorNo);
      return store.tx(() => {
        const row = openSale(billId);
        const before = core.reprice(row.id);
        const lineNo = target.lineNo ?? null;
        const kind = lineNo === null ? 'bill-discount' : 'line-discount';
        let on: number;
        if (lineNo !== null) {
          const l = liveLine(row, lineNo);
          on = l.unit_price_fen * l.quantity;
        } else {
          on = before.grossFen - before.lineDiscountFen;
        }
        if (spec) {
          checkSpec(spec, on, 'discount');
          if (discountOn(on, spec) <= 0) throw invalid('discount', 'takes nothing off this amount', { amountFen: on });
          adjustments.put({
            billId: row.id,
            kind,
            lineNo: lineNo ?? 0,
            mode: spec.mode,
            value: spec.mode === 'percent' ? spec.rate : spec.fen,
            rule: null,
            givenBy: operatorNo,
            authorisedBy: actor.authorisedBy,
            limitPct: actor.limit?.maxPercentOff ?? null,
            at: now(),
          });
        } else {
          adjustments.remove(row.id, kind, lineNo ?? 0);
        }
        core.refreshTotal(row, { limitChecked: true });
        const after = core.reprice(row.id);
        const given = discretionaryFen(after);
        if (actor.limit && given > discretionaryFen(before) && !withinLimit(given, after.grossFen, actor.limit)) {
          throw new AppError(
            'discount-over-limit',
            `discount: ${given} fen off ${after.grossFen} is above the cashier limit (${actor.limit.maxPercentOff}% and ${actor.limit.maxFen} fen per bill)`,
            {
              field: 'discount',
              maxPercentOff: actor.limit.maxPercentOff,
              maxFen: actor.limit.maxFen,
              wantedFen: given,
              grossFen: after.grossFen,
            },
          );
        }
        audit(store, {
          action: spec ? 'bill.discount' : 'bill.discount.clear',
          operatorNo,
          authorisedBy: actor.authorisedBy,
          subject: subject(row),
          detail: { target: lineNo === null ? 'bill' : `line:${lineNo}`, spec, discountFen: given },
        });
        return view(load(billId));
      });
    },

    overridePrice(billId, lineNo, unitPriceFen, actor) {
      const operatorNo = input.operatorNo('operatorNo', actor.operatorNo);
      const price = fen('unitPriceFen', unitPriceFen, FenSchema);
      return store.tx(() => {
        const row = openSale(billId);
        const l = liveLine(row, lineNo);
        const list = l.list_price_fen ?? l.unit_price_fen;
        if (price === list) {
          repo.setUnitPrice(row.id, l.line_no, list, null);
          adjustments.remove(row.id, 'price', l.line_no);
        } else {
          repo.setUnitPrice(row.id, l.line_no, price, list);
          adjustments.put({
            billId: row.id,
            kind: 'price',
            lineNo: l.line_no,
            mode: null,
            value: price,
            rule: null,
            givenBy: operatorNo,
            authorisedBy: actor.authorisedBy,
            at: now(),
          });
        }
        core.refreshTotal(row);
        audit(store, {
          action: 'bill.price-override',
          operatorNo,
          authorisedBy: actor.authorisedBy,
          subject: subject(row),
          detail: { lineNo: l.line_no, name: l.name, listPriceFen: list, from: l.unit_price_fen, to: price },
        });
        return view(load(billId));
      });
    },

    roundOff(billId, rule, by) {
      const operatorNo = input.operatorNo('operatorNo', by);
      return store.tx(() => {
        const row = openSale(billId);
        const on: RoundOffRule | null = rule && rule !== 'off' ? rule : null;
        if (on) {
          adjustments.put({
            billId: row.id,
            kind: 'round-off',
            lineNo: 0,
            mode: null,
            value: 0,
            rule: on,
            givenBy: operatorNo,
            authorisedBy: null,
            at: now(),
          });
        } else {
          adjustments.remove(row.id, 'round-off', 0);
        }
        core.refreshTotal(row);
        let p = core.reprice(row.id);
        if (on && p.roundOffFen === 0) {
          // Nothing to drop now: 抹零 is not left on to change the bill silently later.
          adjustments.remove(row.id, 'round-off', 0);
          core.refreshTotal(row);
          p = core.reprice(row.id);
        }
        audit(store, {
          action: on ? 'bill.round-off' : 'bill.round-off.clear',
          operatorNo,
          subject: subject(row),
          detail: { rule: on, roundOffFen: p.roundOffFen },
        });
        return view(load(billId));
      });
    },
  };
}

export type { DiscountLimit };
