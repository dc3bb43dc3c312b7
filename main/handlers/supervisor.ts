import type { supervisorCommands } from '../../app/contract/supervisor.js';
import { DENOMINATIONS_FEN } from '../../app/report/cash.js';
import type { ReportData } from '../../app/report/schema.js';
import { buildReportView } from '../../app/report/view.js';
import { AppError } from '../../app/result.js';
import { createBillSearch } from '../bills/bill-search.js';
import type { BillService } from '../bills/bill-service.js';
import { createCounterBill, type CounterBill } from '../counter/counter-bill.js';
import type { EventBus } from '../events.js';
import type { PaymentEngine } from '../payments/types.js';
import { createLateOutcomes } from '../payments/late-outcomes.js';
import { exportReport, saveExport } from '../reports/export.js';
import { reportPdfPrinter } from '../reports/pdf.js';
import { createReportService, type ReportService } from '../reports/report-service.js';
import { createSupervisorService, type SupervisorService } from '../reports/supervisor-service.js';
import type { SessionService } from '../session/session-service.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import type { PermissionService } from '../store/permissions.js';
import { DEFAULT_CASHIER_GRANTS, PERMISSIONS, type Grants } from '../../app/contract/operators.js';
import type { ShiftService } from '../store/shifts.js';
import type { Authorisation, CallContext, HandlerMap } from './dispatch.js';

export type SupervisorCommandName = keyof typeof supervisorCommands;

export interface SupervisorHandlerServices {
  store: Store;
  now: () => number;
  bills: BillService;
  shifts: ShiftService;
  payments: PaymentEngine;
  sessions: Pick<SessionService, 'requireOperator'>;
  bus: EventBus;
  /** Exports keep a copy under `<dataDir>/exports/`; null: no copy. */
  dataDir: string | null;
  /** Report times and hours in this offset from UTC (minutes). Default: this process's time zone. */
  utcOffsetMinutes?: (at: number) => number;
  /** The back office (bill feed): a refund to the original payment is only possible with one. */
  config?: { backOffice: { feedUrl: string | null } };
  /** The bill on the counter (main/counter): a voided bill leaves it. Default: the counter of `store`. */
  counter?: Pick<CounterBill, 'offCounter'>;
  /** Role permissions (main/store/permissions.ts), for `supervisor.byGrant`. Default: DEFAULT_PERMISSIONS' grants. */
  permissions?: Pick<PermissionService, 'grants'>;
}

export interface SupervisorHandlers {
  handlers: Pick<HandlerMap, SupervisorCommandName>;
  reports: ReportService;
  supervisor: SupervisorService;
}

/**
 * Handlers of app/contract/supervisor.ts. Dispatch has already checked access: for these
 * 'supervisor' commands `ctx.supervisor` says who authorised the call (a signed-in supervisor,
 * or a supervisor's PIN on the cashier's screen, verified and audited by the session service).
 * The operator at the counter comes from the session, never from the payload.
 */
export function createSupervisorHandlers(services: SupervisorHandlerServices): SupervisorHandlers {
  const { store, now, bills, shifts, payments, sessions, bus } = services;
  const reports = createReportService({
    store,
    terminalNo: bills.terminalNo,
    now,
    ...(services.utcOffsetMinutes ? { utcOffsetMinutes: services.utcOffsetMinutes } : {}),
  });
  const originalRefundRoute = (): boolean => Boolean(services.config?.backOffice.feedUrl);
  const supervisor = createSupervisorService({ store, now, shifts, bills, payments, reports, originalRefundRoute });
  const billSearch = createBillSearch(store);
  const counter = services.counter ?? createCounterBill({ store, now, bills });

  const who = (ctx: CallContext): Authorisation => {
    if (!ctx.supervisor) throw new AppError('supervisor-required', 'a supervisor must authorise this');
    return ctx.supervisor;
  };
  const atCounter = (ctx: CallContext): string => sessions.requireOperator(ctx).operatorNo;

  function target(
    t:
      | { kind: 'x' }
      | { kind: 'z'; shiftId: number }
      | { kind: 'shift'; shiftId: number }
      | { kind: 'range'; from: number; to: number },
    by: string,
  ) {
    switch (t.kind) {
      case 'x':
        return { data: reports.x(by), amended: false };
      case 'shift':
        return { data: reports.shift(t.shiftId, by), amended: false };
      case 'z': {
        const z = reports.z(t.shiftId);
        return { data: z.issued, amended: z.current !== null };
      }
      case 'range':
        return { data: reports.range(t.from, t.to, by), amended: false };
    }
  }

  const screenFacts = () => ({
    policy: supervisor.policy(),
    pdfAvailable: reportPdfPrinter() !== null,
    denominationsFen: [...DENOMINATIONS_FEN],
    openShiftId: shifts.current()?.id ?? null,
  });
  const grants = (): { cashier: Grants; supervisor: Grants } =>
    services.permissions?.grants() ?? { cashier: [...DEFAULT_CASHIER_GRANTS], supervisor: [...PERMISSIONS] };

  const handlers: Pick<HandlerMap, SupervisorCommandName> = {
    'supervisor.check': (_input, ctx) => ({ supervisor: who(ctx), ...screenFacts() }),

    // Read only, authorises nothing (app/contract/supervisor.ts GrantCheckSchema).
    'supervisor.byGrant': (_input, ctx) => {
      const me = sessions.requireOperator(ctx);
      return {
        supervisor: { operatorNo: me.operatorNo, name: me.name, via: 'session' as const },
        ...screenFacts(),
        grants: grants()[me.role],
      };
    },

    'supervisor.setPolicy': (input, ctx) =>
      supervisor.setPolicy({ openPaymentsAtClose: input.openPaymentsAtClose }, who(ctx).operatorNo),

    'report.x': (_input, ctx): ReportData => reports.x(who(ctx).operatorNo),
    'report.shift': (input, ctx) => reports.shift(input.shiftId, who(ctx).operatorNo),
    'report.z': (input, ctx) => {
      who(ctx);
      return reports.z(input.shiftId);
    },
    'report.range': (input, ctx) => reports.range(input.from, input.to, who(ctx).operatorNo),
    'shift.history': (input, ctx) => {
      who(ctx);
      return { shifts: reports.history(input.from, input.to) };
    },

    'shift.close': (input, ctx) => {
      const sup = who(ctx);
      const { shift, report } = supervisor.closeShift({
        countDetail: input.countDetail,
        note: input.note ?? null,
        acceptOpenPayments: input.acceptOpenPayments ?? false,
        closedBy: sup.operatorNo,
        operatorNo: atCounter(ctx),
      });
      return {
        shift: {
          id: shift.id,
          operatorNo: shift.operatorNo,
          openedAt: shift.openedAt,
          closedAt: shift.closedAt,
          closedBy: shift.closedBy,
          floatFen: shift.floatFen,
          expectedCashFen: shift.expectedCashFen,
          countedCashFen: shift.countedCashFen,
          differenceNote: shift.differenceNote,
        },
        report,
      };
    },

    'cash.move': (input, ctx) =>
      supervisor.cashMovement({
        direction: input.direction,
        amountFen: input.amountFen,
        reason: input.reason,
        operatorNo: atCounter(ctx),
        authorisedBy: who(ctx).operatorNo,
      }),

    'bill.lookup': (input, ctx) => {
      who(ctx);
      return supervisor.lookupBill(input.billNo);
    },

    'bill.search': (input, ctx) => {
      who(ctx);
      let shiftId: number | null = null;
      if (input.scope === 'shift') {
        const open = shifts.current();
        if (!open) throw new AppError('shift-not-open', 'no open shift: search today instead');
        shiftId = open.id;
      }
      const found = billSearch.search({
        from: input.from,
        to: input.to,
        shiftId,
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.limit !== undefined ? { limit: input.limit } : {}),
      });
      return { bills: found, routes: { original: originalRefundRoute() } };
    },

    'bill.void': (input, ctx) => {
      const bill = supervisor.voidBill({ billNo: input.billNo, reason: input.reason, by: who(ctx).operatorNo });
      counter.offCounter(bill.id);
      bus.emit('bill.changed', bill);
      return bill;
    },

    'bill.refund': (input, ctx) => {
      const bill = supervisor.refund({
        billNo: input.billNo,
        ...(input.amountFen !== undefined ? { amountFen: input.amountFen } : {}),
        method: input.method,
        reason: input.reason,
        operatorNo: atCounter(ctx),
        authorisedBy: who(ctx).operatorNo,
      });
      bus.emit('bill.changed', bill);
      // A partly paid bill whose paid parts were refunded is voided with it (split payment).
      const original = supervisor.lookupBill(input.billNo).bill;
      if (original.status === 'voided') {
        counter.offCounter(original.id);
        bus.emit('bill.changed', original);
      }
      return bill;
    },

    'exceptions.list': (_input, ctx) => {
      who(ctx);
      // Late outcomes stay in the history after the list of open payments empties.
      return { ...reports.exceptions(), lateOutcomes: createLateOutcomes(store).history() };
    },
    'exceptions.queryPayment': (input, ctx) => supervisor.queryPayment(input.attemptId, who(ctx).operatorNo),
    'exceptions.resolvePayment': (input, ctx) =>
      supervisor.resolvePayment(input.attemptId, {
        resolution: input.resolution,
        note: input.note,
        by: who(ctx).operatorNo,
      }),
    'exceptions.retrySyncs': (_input, ctx) => ({ retried: supervisor.retrySyncs(who(ctx).operatorNo) }),
    'exceptions.resolveSync': (input, ctx) => {
      supervisor.resolveSync(input.outboxId, input.note, who(ctx).operatorNo);
      return { ok: true as const };
    },

    'report.export': async (input, ctx) => {
      const sup = who(ctx);
      const { data, amended } = target(input.report, sup.operatorNo);
      const view = buildReportView(data, { locale: input.locale ?? 'zh-CN', amended });
      const file = await exportReport(view, input.format, input.paper ?? 'a4');
      const savedTo = services.dataDir ? saveExport(services.dataDir, file) : null;
      audit(store, {
        action: 'report.export',
        operatorNo: sup.operatorNo,
        authorisedBy: sup.operatorNo,
        subject:
          input.report.kind === 'z' || input.report.kind === 'shift'
            ? `shift:${input.report.shiftId}`
            : `report:${input.report.kind}`,
        detail: {
          format: input.format,
          fileName: file.fileName,
          bytes: file.bytes.length,
          ...(input.report.kind === 'range' ? { from: input.report.from, to: input.report.to } : {}),
        },
      });
      return {
        fileName: file.fileName,
        mimeType: file.mimeType,
        bytes: file.bytes.length,
        base64: file.bytes.toString('base64'),
        savedTo,
      };
    },
  };
  return { handlers, reports, supervisor };
}
