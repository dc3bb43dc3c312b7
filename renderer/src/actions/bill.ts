import type { CommandOutput } from '../../../app/contract/index.js';
import type { BillView } from '../../../app/contract/schemas.js';
import { selectPhase, selectTargetLine } from '../store/index.js';
import { call, note, serial, st } from './connection.js';

/** Building a bill: items, quantities, free amounts, the quick sale, park / resume, cancel, 下一单. */

export function showBill(b: BillView): void {
  st().setBill(b);
}

/** Finished bill aside, empty counter. */
export async function clearCounterNow(): Promise<boolean> {
  // The dialog on screen now belongs to the finished sale; one opened while this step runs (F12
  // pressed right after Enter) is the cashier's next action and stays.
  const before = st().dialog;
  const s = await call('counter.clear', {});
  if (!s) return false;
  st().applyCounterState(s);
  if (st().dialog === before) st().openDialog(null);
  note(null);
  return true;
}

/** A finished sale (paid or unconfirmed) on screen is set aside first; false if that failed. */
export async function clearFinishedSale(): Promise<boolean> {
  const phase = selectPhase(st());
  if (phase !== 'paid' && phase !== 'unconfirmed') return true;
  return clearCounterNow();
}

/** The open bill on the counter, creating a sale bill when there is none. */
async function ensureBill(): Promise<BillView | null> {
  const { bill } = st();
  const phase = selectPhase(st());
  if (bill && bill.status === 'open') return bill;
  if (phase === 'paying') {
    note({ tone: 'warn', kind: 'error-code', code: 'payment-in-progress' });
    return null;
  }
  if (!(await clearFinishedSale())) return null;
  const created = await call('bill.new', { kind: 'sale' });
  if (created) {
    showBill(created);
    st().applyAttempt(null);
  }
  return created;
}

export async function addItemNow(code: string, quantity = 1): Promise<boolean> {
  const bill = await ensureBill();
  if (!bill) return false;
  const b = await call('bill.addItem', { billId: bill.id, code, quantity });
  if (!b) return false;
  showBill(b);
  st().setCollecting(false);
  st().selectLine(null);
  note(null);
  return true;
}

async function addQuickKeyNow(key: number): Promise<void> {
  const item = st().quickKeys.find((i) => i.quickKey === key);
  if (!item) {
    note({ tone: 'warn', kind: 'key', key: 'quick.none', params: { n: key } });
    return;
  }
  await addItemNow(item.code);
}

/** Set the quantity of a line (the selected / last one by default). */
async function setQuantityNow(quantity: number, lineNo = selectTargetLine(st())): Promise<boolean> {
  const { bill } = st();
  if (!bill || lineNo === null) {
    note({ tone: 'warn', kind: 'key', key: 'bill.noLine' });
    return false;
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 9999) {
    note({ tone: 'error', kind: 'key', key: 'qty.range' });
    return false;
  }
  const b = await call('bill.setQuantity', { billId: bill.id, lineNo, quantity });
  if (!b) return false;
  showBill(b);
  st().openDialog(null);
  note(null);
  return true;
}

async function voidLineNow(lineNo: number): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await call('bill.voidLine', { billId: bill.id, lineNo });
  if (!b) return false;
  showBill(b);
  st().selectLine(null);
  st().openDialog(null);
  note({ tone: 'info', kind: 'key', key: 'bill.lineVoided', params: { n: lineNo } });
  return true;
}

async function cancelBillNow(): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await call('bill.cancel', { billId: bill.id });
  if (!b) return false;
  st().openDialog(null);
  st().setBill(null);
  st().applyAttempt(null);
  note({ tone: 'info', kind: 'key', key: 'bill.cancelled', params: { billNo: b.billNo } });
  return true;
}

async function suspendBillNow(): Promise<boolean> {
  const { bill } = st();
  if (!bill || bill.status !== 'open') {
    note({ tone: 'warn', kind: 'key', key: selectPhase(st()) === 'paying' ? 'pay.liveNoPark' : 'bill.nothingToPark' });
    return false;
  }
  const b = await call('bill.suspend', { billId: bill.id });
  if (!b) return false;
  st().setBill(null);
  st().applyAttempt(null);
  note({ tone: 'ok', kind: 'key', key: 'bill.parked', params: { billNo: b.billNo } });
  return true;
}

export async function listSuspended(): Promise<BillView[]> {
  const r = await call('bill.suspended', {});
  return r?.bills ?? [];
}

async function resumeBillNow(billId: number): Promise<boolean> {
  if (!(await clearFinishedSale())) return false;
  const b = await call('bill.resume', { billId });
  if (!b) return false;
  st().openDialog(null);
  showBill(b);
  st().applyAttempt(null);
  note({ tone: 'ok', kind: 'key', key: 'bill.resumed', params: { billNo: b.billNo } });
  return true;
}

export async function searchCatalog(query: string): Promise<CommandOutput<'catalog.search'>['items']> {
  const q = query.trim();
  if (q === '') return [];
  const r = await call('catalog.search', { query: q.slice(0, 40), limit: 20 }, { quiet: true });
  return r?.items ?? [];
}

/** One more free-amount line on the open bill. */
export async function addFreeAmountNow(fen: number): Promise<boolean> {
  const { bill } = st();
  if (!bill) return false;
  const b = await call('bill.addFree', { billId: bill.id, amountFen: fen });
  if (!b) return false;
  showBill(b);
  note(null);
  return true;
}

/** The quick sale: one free-amount line, then straight to 请扫描付款码. */
export async function quickSaleNow(fen: number): Promise<boolean> {
  if (!(await clearFinishedSale())) return false;
  const bill = await call('sale.quick', { amountFen: fen });
  if (!bill) return false;
  showBill(bill);
  st().applyAttempt(null);
  st().setCollecting(true);
  note(null);
  return true;
}

/** 收款: the open bill waits for a payment code (请扫描付款码). */
export function startCollect(): boolean {
  const { bill } = st();
  if (!bill || bill.status !== 'open') return false;
  if (bill.dueFen <= 0) {
    note({ tone: 'warn', kind: 'error-code', code: 'bill-empty' });
    return false;
  }
  st().setCollecting(true);
  note(null);
  return true;
}

export const addItem = serial(addItemNow);
export const addQuickKey = serial(addQuickKeyNow);
export const setQuantity = serial(setQuantityNow);
export const voidLine = serial(voidLineNow);
export const cancelBill = serial(cancelBillNow);
export const suspendBill = serial(suspendBillNow);
export const resumeBill = serial(resumeBillNow);
export const quickSale = serial(quickSaleNow);
export const clearCounter = serial(clearCounterNow);
export const nextSale = clearCounter;
