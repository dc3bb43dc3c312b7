import { buildReceipt } from '../../app/receipt/receipt.js';
import { AppError } from '../../app/result.js';
import type { BillService } from '../bills/bill-service.js';
import type { Config } from '../config.js';
import type { ShellPrinting } from '../core-services.js';
import type { Logger } from '../log.js';
import type { SandboxGateway } from '../sandbox/server.js';
import type { SessionService } from '../session/session-service.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import type { OperatorService } from '../store/operators.js';
import { createSettings } from '../store/settings.js';
import type { HandlerMap } from './dispatch.js';

export interface ReceiptHandlerServices {
  store: Store;
  now: () => number;
  log: Pick<Logger, 'warn'>;
  bills: Pick<BillService, 'get'>;
  operators: Pick<OperatorService, 'get'>;
  sessions: Pick<SessionService, 'operatorFor'>;
  config: Pick<Config, 'terminalNo' | 'printer' | 'receipt'>;
  /** The shell's printing, or null (browser shell: the page prints its own preview). */
  printing: ShellPrinting | null;
  /** Whether the embedded sandbox gateway is in use (the receipt says so). */
  sandbox: SandboxGateway | null;
  /** 校园卡套餐: a paid campus bill's receipt lines (student, card no., class, validity). */
  campus?: { receiptLines(billId: number): string[] };
}

/** `receipt.print`: a paid bill's receipt on the shell's receipt printer (audited). */
export function createReceiptHandlers(services: ReceiptHandlerServices): Pick<HandlerMap, 'receipt.print'> {
  return {
    'receipt.print': async ({ billId, paperWidthMm, reprint }, ctx) => {
      const bill = services.bills.get(billId);
      if (!bill) throw new AppError('bill-not-found', `bill ${billId} does not exist`);
      if (bill.status !== 'paid')
        throw new AppError('bill-not-open', 'only a paid bill has a receipt', { billId, status: bill.status });
      const printing = services.printing;
      const width = paperWidthMm ?? services.config.printer.paperWidthMm;
      if (!printing)
        throw new AppError('printer-unavailable', 'this shell has no receipt printer; print the preview instead');
      const settings = createSettings({ store: services.store, now: services.now });
      const receipt = buildReceipt({
        bill,
        terminalNo: services.config.terminalNo,
        operatorName: services.operators.get(bill.operatorNo)?.name ?? null,
        shopName: services.config.receipt.shopName,
        header:
          services.config.receipt.headerLines.length > 0
            ? services.config.receipt.headerLines
            : (settings.get('receipt.header') ?? null),
        footer: [
          ...(services.campus?.receiptLines(bill.id) ?? []),
          ...linesOfFooter(
            services.config.receipt.footerLines.length > 0
              ? services.config.receipt.footerLines
              : (settings.get('receipt.footer') ?? null),
          ),
        ],
        paperWidthMm: width,
        printedAt: services.now(),
        reprint,
        sandbox: services.sandbox !== null,
      });
      const deviceName = services.config.printer.name;
      try {
        await printing.printReceipt(receipt.html, { pageSizeMicrons: receipt.pageSizeMicrons, deviceName });
      } catch (e) {
        services.log.warn('receipt.print-failed', { billNo: bill.billNo, printer: deviceName, error: String(e) });
        throw new AppError('printer-unavailable', e instanceof Error ? e.message : String(e), { printer: deviceName });
      }
      audit(services.store, {
        action: reprint ? 'receipt.reprint' : 'receipt.print',
        operatorNo: services.sessions.operatorFor(ctx.connectionId)?.operatorNo ?? null,
        subject: `bill:${bill.id}`,
        detail: { billNo: bill.billNo, paperWidthMm: width, printer: deviceName },
      });
      return { printed: true, printer: deviceName, paperWidthMm: width };
    },
  };
}

/** The configured footer as lines (a stored string is one line per \n). */
function linesOfFooter(f: string | readonly string[] | null): string[] {
  if (f === null) return [];
  return typeof f === 'string' ? f.split('\n') : [...f];
}
