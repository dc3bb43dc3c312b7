import { QR_PAY_TYPES, type QrPayType } from '../../app/payment/scan-code.js';
import { AppError } from '../../app/result.js';
import type { BillService } from '../bills/bill-service.js';
import type { Counter } from '../counter/counter.js';
import type { PaymentEngine } from '../payments/types.js';
import type { HandlerMap } from './dispatch.js';

export interface QrPayHandlerServices {
  bills: Pick<BillService, 'get'>;
  payments: Pick<PaymentEngine, 'collectQr'>;
  /** config payment.defaultQrPayType */
  defaultQrPayType(): QrPayType;
  /** Split payment: the part chosen with Ctrl+G (main/counter), used by this QR as by a scan. */
  counter?: Pick<Counter, 'nextPart' | 'partUsed'>;
}

/** Handlers of app/contract/qr-pay.ts: the QR chooser's settings and starting a QR payment. */
export function createQrPayHandlers(
  services: QrPayHandlerServices,
): Pick<HandlerMap, 'payment.qrSettings' | 'payment.collectQr'> {
  return {
    'payment.qrSettings': () => ({ defaultPayType: services.defaultQrPayType(), payTypes: [...QR_PAY_TYPES] }),
    'payment.collectQr': ({ billId, payTypeCode }) => {
      const bill = services.bills.get(billId);
      if (!bill) throw new AppError('bill-not-found', `bill ${billId} does not exist`, { billId });
      const attempt = services.payments.collectQr({
        billId,
        payTypeCode: payTypeCode ?? services.defaultQrPayType(),
        operatorNo: bill.operatorNo,
        cardNo: bill.cardNo,
        amountFen: services.counter?.nextPart(billId) ?? null,
      });
      services.counter?.partUsed(billId);
      return attempt;
    },
  };
}
