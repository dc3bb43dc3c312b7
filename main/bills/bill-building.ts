/**
 * Building a bill at the counter: open it, add and change lines, set the card, park and resume
 * it, void it; and the look-ups. Each operation is one transaction (bill-service.ts).
 */
import { FenSchema } from '../../app/contract/schemas.js';
import { AppError } from '../../app/result.js';
import { audit } from '../store/audit.js';
import { fen, input, invalid } from './bill-input.js';
import type { BillCore } from './bill-core.js';
import { RECHARGE_BUSINESS_TYPE, type BillService } from './bill-types.js';

export type BillBuilding = Pick<
  BillService,
  | 'create'
  | 'get'
  | 'getByNo'
  | 'current'
  | 'lastPaid'
  | 'addLine'
  | 'addItemByCode'
  | 'addFreeAmount'
  | 'setQuantity'
  | 'voidLine'
  | 'setCardNo'
  | 'suspend'
  | 'listSuspended'
  | 'resume'
  | 'voidBill'
>;

/** The name of a free-amount line given no name. */
const FREE_AMOUNT_NAME = '自由金额';

export function createBillBuilding(core: BillCore): BillBuilding {
  const { store, now, repo, view, load, loadOpen, subject } = core;

  return {
    create(args) {
      const kind = input.kind(args.kind);
      const businessType = input.businessType(args.businessType);
      const operatorNo = input.operatorNo('operatorNo', args.operatorNo);
      const cardNo = input.cardNo(args.cardNo);
      if (kind === 'recharge' && businessType !== RECHARGE_BUSINESS_TYPE) {
        throw invalid('businessType', 'a stored-value recharge is business type 7', {
          expected: RECHARGE_BUSINESS_TYPE,
        });
      }
      const shiftId = args.shiftId === null ? null : input.id('shiftId', args.shiftId);
      return store.tx(() => {
        if (shiftId !== null && !core.shifts.isOpen(shiftId)) {
          throw new AppError('shift-not-open', `shift ${shiftId} is not open`, { shiftId });
        }
        let refundOf: number | null = null;
        if (kind === 'refund') {
          if (args.refundOf === undefined || args.refundOf === null)
            throw invalid('refundOf', 'a refund names the bill it refunds');
          const original = load(input.id('refundOf', args.refundOf));
          if (original.status !== 'paid' || original.kind === 'refund') {
            throw invalid('refundOf', `bill ${original.bill_no} is not a paid sale or recharge`, {
              billNo: original.bill_no,
              status: original.status,
            });
          }
          refundOf = original.id;
        } else if (args.refundOf !== undefined && args.refundOf !== null) {
          throw invalid('refundOf', 'only a refund refers to another bill');
        }
        core.refuseIfAnotherOpen(null);
        const at = now();
        const id = repo.insertBill({
          billNo: core.nextNo(at),
          kind,
          businessType,
          cardNo,
          refundOf,
          shiftId,
          operatorNo,
          at,
        });
        const row = load(id);
        audit(store, {
          action: 'bill.create',
          operatorNo,
          subject: subject(row),
          detail: { kind, businessType, shiftId, ...(cardNo ? { cardNo } : {}), ...(refundOf ? { refundOf } : {}) },
        });
        return view(row);
      });
    },

    get(id) {
      const row = repo.bill(id);
      return row ? view(row) : null;
    },

    getByNo(billNo) {
      const row = repo.billByNo(billNo);
      return row ? view(row) : null;
    },

    current() {
      const row = repo.current();
      return row ? view(row) : null;
    },

    lastPaid() {
      const row = repo.lastPaid();
      return row ? view(row) : null;
    },

    addLine(billId, line) {
      const name = input.lineName(line.name);
      const itemCode = input.optionalItemCode(line.itemCode);
      const unitPriceFen = fen('unitPriceFen', line.unitPriceFen, FenSchema);
      const quantity = input.quantity(line.quantity);
      return store.tx(() => {
        const row = loadOpen(billId);
        core.insertLine(row, { itemCode, name, unitPriceFen, quantity });
        return view(load(billId));
      });
    },

    addItemByCode(billId, code, quantity = 1) {
      const c = input.itemCode(code);
      const qty = input.quantity(quantity);
      return store.tx(() => {
        const row = loadOpen(billId);
        const item = core.activeItem(c);
        if (!item) throw new AppError('item-not-found', `no active item with code ${c}`, { field: 'code', code: c });
        const hasLines = repo.liveLineCount(row.id) > 0;
        if (item.businessType !== row.business_type) {
          if (row.kind !== 'sale') {
            throw invalid(
              'code',
              `item ${c} belongs to business type ${item.businessType}, this ${row.kind} bill to ${row.business_type}`,
              {
                billBusinessType: row.business_type,
                itemBusinessType: item.businessType,
              },
            );
          }
          if (!hasLines) {
            // The first line of an empty sale decides its business type.
            repo.setBusinessType(row.id, item.businessType);
            row.business_type = item.businessType;
          } else if (item.businessType === RECHARGE_BUSINESS_TYPE || row.business_type === RECHARGE_BUSINESS_TYPE) {
            // Stored value is money held for the customer, not a sale: it is never paid together with goods.
            throw new AppError(
              'business-type-mix',
              `item ${c} (business type ${item.businessType}) cannot share a bill of business type ${row.business_type}: a stored-value recharge is paid on its own`,
              {
                field: 'code',
                billBusinessType: row.business_type,
                itemBusinessType: item.businessType,
              },
            );
          }
          // Otherwise a mixed bill (a ticket and a bottle of water): one payment, booked under the
          // bill's business type — the first line's (main/bills/README.md).
        }
        const same = repo.sameItemLine(row.id, item.code, item.priceFen);
        if (same) {
          core.changeQuantity(row, same, input.quantity(same.quantity + qty), 'bill.line.repeat');
        } else {
          core.insertLine(row, { itemCode: item.code, name: item.name, unitPriceFen: item.priceFen, quantity: qty });
        }
        return view(load(billId));
      });
    },

    addFreeAmount(billId, amountFen, name) {
      const amount = fen('amountFen', amountFen);
      const lineName = input.optionalLineName(name) ?? FREE_AMOUNT_NAME;
      return store.tx(() => {
        const row = loadOpen(billId);
        core.insertLine(row, { itemCode: null, name: lineName, unitPriceFen: amount, quantity: 1 });
        return view(load(billId));
      });
    },

    setQuantity(billId, lineNo, quantity) {
      const qty = input.quantity(quantity);
      input.id('lineNo', lineNo);
      return store.tx(() => {
        const row = loadOpen(billId);
        const l = repo.line(billId, lineNo);
        if (!l) throw invalid('lineNo', `bill ${row.bill_no} has no line ${lineNo}`);
        if (l.voided) throw invalid('lineNo', `line ${lineNo} is voided`);
        if (l.quantity !== qty) core.changeQuantity(row, l, qty, 'bill.line.quantity');
        return view(load(billId));
      });
    },

    voidLine(billId, lineNo) {
      input.id('lineNo', lineNo);
      return store.tx(() => {
        const row = loadOpen(billId);
        const l = repo.line(billId, lineNo);
        if (!l) throw invalid('lineNo', `bill ${row.bill_no} has no line ${lineNo}`);
        if (!l.voided) {
          repo.voidLine(billId, lineNo);
          core.refreshTotal(row);
          audit(store, {
            action: 'bill.line.void',
            operatorNo: row.operator_no,
            subject: subject(row),
            detail: { lineNo, name: l.name, quantity: l.quantity, amountFen: l.amount_fen },
          });
        }
        return view(load(billId));
      });
    },

    setCardNo(billId, cardNo) {
      const card = input.cardNo(cardNo);
      return store.tx(() => {
        const row = loadOpen(billId);
        if (card !== row.card_no) {
          repo.setCard(billId, card, now());
          audit(store, {
            action: 'bill.card',
            operatorNo: row.operator_no,
            subject: subject(row),
            detail: { from: row.card_no, to: card },
          });
        }
        return view(load(billId));
      });
    },

    suspend(billId, label) {
      const l = input.suspendLabel(label);
      return store.tx(() => {
        const row = loadOpen(billId);
        if (repo.liveLineCount(row.id) === 0) {
          throw new AppError('bill-empty', `bill ${row.bill_no} is empty: nothing to park`, {
            billId,
            billNo: row.bill_no,
          });
        }
        repo.suspend(billId, l, now());
        audit(store, {
          action: 'bill.suspend',
          operatorNo: row.operator_no,
          subject: subject(row),
          detail: { label: l, totalFen: row.total_fen },
        });
        return view(load(billId));
      });
    },

    listSuspended() {
      return repo.suspended().map(view);
    },

    resume(billId) {
      return store.tx(() => {
        const row = load(billId);
        core.requireStatus(row, 'suspended');
        core.refuseIfAnotherOpen(row.id);
        repo.resume(billId, now());
        core.stampOpenShift(row);
        audit(store, { action: 'bill.resume', operatorNo: row.operator_no, subject: subject(row) });
        return view(load(billId));
      });
    },

    voidBill(billId, by, reason) {
      const who = input.operatorNo('by', by);
      const why = input.reason(reason);
      return store.tx(() => {
        const row = load(billId);
        core.requireStatus(row, 'open', 'suspended');
        core.refuseIfPartlyPaid(row);
        repo.close(billId, 'voided', now());
        audit(store, {
          action: 'bill.void',
          operatorNo: row.operator_no,
          authorisedBy: who,
          subject: subject(row),
          detail: { reason: why, totalFen: row.total_fen, from: row.status },
        });
        return view(load(billId));
      });
    },
  };
}
