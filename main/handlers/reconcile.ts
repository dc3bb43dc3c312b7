import type { reconcileCommands } from '../../app/contract/reconcile.js';
import { AppError } from '../../app/result.js';
import { xiaobaoReason } from '../backoffice/checks.js';
import { reconcileFile } from '../backoffice/reconcile/export.js';
import type { Reconciliation } from '../backoffice/reconcile/reconcile.js';
import { XiaobaoError } from '../backoffice/xiaobao/client.js';
import { saveExport } from '../reports/export.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/db.js';
import type { HandlerMap } from './dispatch.js';

type ReconcileHandlers = Pick<HandlerMap, keyof typeof reconcileCommands>;

export interface ReconcileHandlerServices {
  /** null when Xiaobao is neither configured nor on the sandbox's simulator. */
  reconciliation: Reconciliation | null;
  dataDir: string;
  now: () => number;
  store: Store;
  sessions: { operatorFor(connectionId: string): { operatorNo: string } | null };
}

/** The ERP's failure as the screen's error: unreachable (try later) or refused (check the settings). */
function erpError(e: unknown): unknown {
  if (!(e instanceof XiaobaoError)) return e;
  const r = xiaobaoReason(e, 'list', 0);
  const words = r.ok ? e.message : `${r.reason} / ${r.reasonEn}`;
  const refused = e.kind === 'api' || e.kind === 'token' || e.kind === 'invalid-request';
  return new AppError(refused ? 'backoffice-rejected' : 'backoffice-unreachable', words, { kind: e.kind });
}

/** Handlers of app/contract/reconcile.ts (supervisor access is checked in dispatch). */
export function createReconcileHandlers(s: ReconcileHandlerServices): ReconcileHandlers {
  const rec = (): Reconciliation => {
    if (!s.reconciliation) throw new AppError('backoffice-not-configured', 'Xiaobao is not set up');
    return s.reconciliation;
  };
  const guard = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      throw erpError(e);
    }
  };
  return {
    'xiaobao.reconcile': (input) => guard(() => rec().report(input.day)),
    'xiaobao.reconcile.retry': (input, ctx) =>
      guard(async () => {
        const r = await rec().retry(input.billNo);
        // A person's retry may send a posting to the ERP: who, which bill, what came of it.
        const by = s.sessions.operatorFor(ctx.connectionId)?.operatorNo ?? null;
        audit(s.store, {
          action: 'xiaobao.reconcile-retry',
          operatorNo: by,
          authorisedBy: ctx.supervisor?.operatorNo ?? by,
          subject: `bill:${input.billNo}`,
          detail: { outcome: r.outcome, day: input.day },
        });
        return { ...r, report: await rec().report(input.day) };
      }),
    'xiaobao.reconcile.export': (input) =>
      guard(async () => {
        const report = await rec().report(input.day);
        const file = reconcileFile(report, input.format, input.locale ?? 'zh-CN', s.now);
        let savedTo: string | null = null;
        try {
          savedTo = saveExport(s.dataDir, file);
        } catch {
          savedTo = null; // the download still works
        }
        return {
          fileName: file.fileName,
          mimeType: file.mimeType,
          bytes: file.bytes.length,
          base64: file.bytes.toString('base64'),
          savedTo,
        };
      }),
  };
}
