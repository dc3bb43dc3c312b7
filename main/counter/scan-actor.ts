import type { ScanOutcome } from '../../app/contract/core.js';
import type { AttemptView, BillView } from '../../app/contract/schemas.js';
import { AppError } from '../../app/result.js';
import type { CounterMode } from '../../app/scan/route.js';
import type { RoutedScan } from '../../app/scan/types.js';
import { MAX_FEN } from '../../app/money.js';
import type { ScanContext } from '../scanners/scan-desk-types.js';
import type { BillService } from '../bills/bill-service.js';
import type { EventBus } from '../events.js';
import { deriveCounterMode } from '../session/counter-mode.js';
import type { SessionService, ShiftPort } from '../session/session-service.js';
import type { TerminalSettings } from '../session/terminal-settings.js';

export interface ScanActorServices {
  bills: BillService;
  sessions: Pick<SessionService, 'activeOperator'>;
  shifts: Pick<ShiftPort, 'current'>;
  settings: Pick<TerminalSettings, 'businessType'>;
  bus: EventBus;
  /** The bill on the counter (the core's counter: remembered bill, else the open one). */
  billOnCounter(): BillView | null;
  /** Put a bill on the counter (or clear it). */
  show(bill: BillView | null): void;
  /** Start collecting (payments.collect with the bill's operator); throws AppError when refused. */
  collect(billId: number, barCode: string): AttemptView;
  /** Whether the bill has a live payment attempt. */
  attemptLive(billId: number): boolean;
}

export interface ScanActor {
  /**
   * The counter mode scans are routed in right now (for the scan pipeline's getCounterMode).
   * With a typed amount an empty counter is 'building': the amount is about to be the bill.
   */
  mode(context?: ScanContext): CounterMode;
  /**
   * Act on a routed scan (the scan pipeline's onRouted): pay, add a product, set the card. Never
   * throws. A payment code that comes with a typed amount first puts the amount on the bill (a
   * quick sale on an empty counter, a free-amount line on a bill being built), then collects.
   */
  act(routed: Pick<RoutedScan, 'classified' | 'route'>, context?: ScanContext): ScanOutcome;
}

const SCAN_TEXT = {
  added: (name: string) => ({ zh: `已加入：${name}`, en: `Added: ${name}` }),
  card: (card: string) => ({ zh: `储值卡号：${card}`, en: `Card number: ${card}` }),
  paying: { zh: '已扫描付款码，正在收款', en: 'Payment code scanned, collecting' },
  noBill: {
    zh: '当前没有待收款的账单，请先添加商品再扫付款码',
    en: 'There is no bill to collect. Add items before scanning a payment code.',
  },
  pair: { zh: '请在设置中完成扫码枪配对', en: 'Finish pairing the scanner in the settings' },
  openBill: (billNo: string) => ({ zh: `单据：${billNo}`, en: `Bill: ${billNo}` }),
  businessTypeMix: {
    zh: '储值卡充值不能和其他商品同单收款：请先结清本单，再单独充值',
    en: 'A stored-value recharge cannot share a bill with other items: finish this bill, then recharge on its own',
  },
  partlyPaid: {
    zh: '这张单据已收部分款项，不能再加商品或金额：请扫付款码或按 F2 收余款',
    en: 'Part of this bill is paid: nothing can be added. Scan a payment code or press F2 for the rest',
  },
} as const;

/**
 * What a scan does at the counter, for every source (HID scanners, the Electron wedge, the
 * browser-shell wedge via `scan.submit`): the scan pipeline classifies and routes
 * (app/scan/route.ts) in `mode()`, then `act()` carries the route out on the bill at the
 * counter, as the operator who is working (sessions.activeOperator()).
 */
export function createScanActor(services: ScanActorServices): ScanActor {
  const { bills, sessions, shifts, settings, bus } = services;

  function mode(context?: ScanContext): CounterMode {
    const operator = sessions.activeOperator();
    const bill = services.billOnCounter();
    const m = deriveCounterMode({
      signedIn: operator !== null,
      locked: false,
      bill,
      attemptLive: bill !== null && services.attemptLive(bill.id),
    });
    // An amount typed at an empty counter is the bill the scanned code pays for. A finished
    // (paid / unconfirmed) bill still on screen is set aside first by the screen (counter.clear).
    if (
      m === 'idle' &&
      context?.typedAmountFen != null &&
      (!bill || bill.status === 'paid' || bill.status === 'voided')
    )
      return 'building';
    return m;
  }

  /**
   * The typed amount becomes a line of the bill the code pays for: the amount is checked
   * (1 fen … MAX_FEN, as Enter checks it) before anything is created, so an invalid amount
   * leaves nothing behind and nothing is charged.
   */
  function putTypedAmount(amountFen: number): BillView {
    if (!Number.isSafeInteger(amountFen) || amountFen < 1 || amountFen > MAX_FEN) {
      throw new AppError('amount-out-of-range', `amountFen: 1 to ${MAX_FEN} fen`, {
        field: 'amountFen',
        min: 1,
        max: MAX_FEN,
        value: amountFen,
      });
    }
    const operator = sessions.activeOperator();
    if (!operator) throw new AppError('not-signed-in', 'nobody is signed in');
    const current = services.billOnCounter();
    if (current && current.status === 'open') {
      const updated = bills.addFreeAmount(current.id, amountFen);
      bus.emit('bill.changed', updated);
      return updated;
    }
    if (current && current.status !== 'paid' && current.status !== 'voided') {
      throw new AppError('bill-locked', 'the bill on the counter is not finished', {
        billId: current.id,
        status: current.status,
      });
    }
    const shift = shifts.current();
    if (!shift) throw new AppError('shift-not-open', 'open a shift first');
    const created = bills.create({
      kind: 'sale',
      businessType: settings.businessType(),
      operatorNo: operator.operatorNo,
      shiftId: shift.id,
    });
    let bill: BillView;
    try {
      bill = bills.addFreeAmount(created.id, amountFen);
    } catch (e) {
      bills.voidBill(created.id, operator.operatorNo, 'typed amount refused');
      throw e;
    }
    services.show(bill);
    bus.emit('bill.changed', bill);
    return bill;
  }

  function outcome(
    routed: Pick<RoutedScan, 'classified' | 'route'>,
    text: { zh: string; en: string },
    action = routed.route.action,
  ): ScanOutcome {
    return { action, kind: routed.classified.kind, reason: routed.route.reason ?? null, zh: text.zh, en: text.en };
  }

  function refused(routed: Pick<RoutedScan, 'classified' | 'route'>, e: unknown): ScanOutcome {
    const code = e instanceof AppError ? e.code : 'internal-error';
    if (code === 'business-type-mix') {
      return { action: 'reject', kind: routed.classified.kind, reason: code, ...SCAN_TEXT.businessTypeMix };
    }
    if (code === 'bill-partly-paid') {
      return { action: 'reject', kind: routed.classified.kind, reason: code, ...SCAN_TEXT.partlyPaid };
    }
    const zh =
      e instanceof AppError && code === 'item-not-found'
        ? `找不到商品：${routed.classified.text}`
        : `无法处理此条码（${code}）`;
    const en =
      e instanceof AppError && code === 'item-not-found'
        ? `No product with code ${routed.classified.text}`
        : `This scan could not be used (${code})`;
    return { action: 'reject', kind: routed.classified.kind, reason: code, zh, en };
  }

  function act(routed: Pick<RoutedScan, 'classified' | 'route'>, context?: ScanContext): ScanOutcome {
    const { route, classified } = routed;
    try {
      switch (route.action) {
        case 'reject':
          return outcome(routed, route.message ?? { zh: '无法处理此条码', en: 'This scan cannot be used here' });
        case 'pair':
          return outcome(routed, SCAN_TEXT.pair);
        case 'open-bill':
          // A receipt's bill-number barcode: the screen opens the bill in 单据查询 (nothing changes here).
          return { ...outcome(routed, SCAN_TEXT.openBill(classified.text)), billNo: classified.text };
        case 'pay': {
          const typed = context?.typedAmountFen ?? null;
          const bill = typed !== null ? putTypedAmount(typed) : services.billOnCounter();
          if (!bill || bill.status !== 'open') return outcome(routed, SCAN_TEXT.noBill, 'reject');
          services.collect(bill.id, classified.text);
          return outcome(routed, SCAN_TEXT.paying);
        }
        case 'add-product': {
          const operator = sessions.activeOperator();
          if (!operator) throw new AppError('not-signed-in', 'nobody is signed in');
          let bill = services.billOnCounter();
          if (!bill || bill.status !== 'open') {
            const shift = shifts.current();
            if (!shift) throw new AppError('shift-not-open', 'open a shift first');
            bill = bills.create({
              kind: 'sale',
              businessType: settings.businessType(),
              operatorNo: operator.operatorNo,
              shiftId: shift.id,
            });
            services.show(bill);
          }
          const updated = bills.addItemByCode(bill.id, classified.text, 1);
          bus.emit('bill.changed', updated);
          const line = [...updated.lines].reverse().find((l) => l.itemCode === classified.text && !l.voided);
          return outcome(routed, SCAN_TEXT.added(line?.name ?? classified.text));
        }
        case 'set-card': {
          const bill = services.billOnCounter();
          if (!bill || bill.kind !== 'recharge' || bill.status !== 'open')
            return outcome(routed, SCAN_TEXT.noBill, 'reject');
          const updated = bills.setCardNo(bill.id, classified.text);
          bus.emit('bill.changed', updated);
          return outcome(routed, SCAN_TEXT.card(classified.text));
        }
      }
    } catch (e) {
      return refused(routed, e);
    }
  }

  return { mode, act };
}
