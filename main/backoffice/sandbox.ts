/**
 * Back-office sandbox (docs/ARCHITECTURE.md, "Back-office infrastructure"): when the KouDaiLQ
 * gateway runs on the embedded sandbox (nothing configured) and a back office is not configured
 * either, its simulator starts embedded on 127.0.0.1 (a free port) with demo data and becomes
 * that back office's effective settings, so `npm start` on a fresh machine can demo the
 * Xiaobao, KesionEDU and campus screens. Such a back office's source is 'sandbox' (the status
 * pill says 演示). A configured back office is never replaced. close() stops the simulators.
 */
import { startCampusSimulator, type CampusSimulator } from './campus/simulator.js';
import type { EffectiveBackOffices } from './effective.js';
import { startKesionSimulator, type KesionSimulator } from './kesion/simulator.js';
import { startXiaobaoSimulator, type XiaobaoSimulator } from './xiaobao/simulator.js';

/** Demo students of the embedded Xiaobao simulator (学员 ids 1001…). */
export const DEMO_XIAOBAO_STUDENTS = [
  { id: 1001, name: '张小明', balanceFen: 50_000 },
  { id: 1002, name: '李思思', balanceFen: 12_000 },
  { id: 1003, name: '王浩然', balanceFen: 0, arrearsFen: 30_000 },
] as const;
export const DEMO_SCHOOL_ID = 1;
export const DEMO_OPERATOR_ID = 1;
/** The simulator's payid recorded as "collected at the counter". */
export const DEMO_KESION_COUNTER_PAY_ID = '100';

export interface BackOfficeSandbox {
  effective: EffectiveBackOffices;
  simulators: {
    xiaobao: XiaobaoSimulator | null;
    kesion: KesionSimulator | null;
    campus: CampusSimulator | null;
  };
  close(): Promise<void>;
}

export interface BackOfficeSandboxOptions {
  log?: (event: string, fields: Record<string, unknown>) => void;
}

/**
 * The demo students' history at the ERP, a few days back (so a day's 校宝对账 starts clean): a
 * course signup with its lessons, for the finder (it searches recent orders) and 订单, and the
 * account change that set their balance, for 退款's refundable balance.
 */
function plantDemoOrders(sim: XiaobaoSimulator): void {
  const at = Date.now() - 3 * 86_400_000;
  for (const s of DEMO_XIAOBAO_STUDENTS) {
    sim.plantOrder({
      stuInfoId: s.id,
      type: 1,
      content: '少儿英语报名',
      shouldPayFen: 300_000,
      realPayFen: 300_000 - ('arrearsFen' in s ? s.arrearsFen : 0),
      arrearageFen: 'arrearsFen' in s ? s.arrearsFen : 0,
      lines: [{ name: '少儿英语', count: 20, unitPriceFen: 15_000, className: '英语A班' }],
      dealDate: at,
      createdAt: at,
      changedAt: at,
    });
    sim.plantOrder({
      stuInfoId: s.id,
      type: 2,
      content: '余额账户充值',
      shouldPayFen: s.balanceFen,
      realPayFen: s.balanceFen,
      accountRemainFen: s.balanceFen,
      dealDate: at + 60_000,
      createdAt: at + 60_000,
      changedAt: at + 60_000,
    });
  }
}

/** Start a simulator for every back office that is not configured; the rest stay as they are. */
export async function startBackOfficeSandbox(
  resolved: EffectiveBackOffices,
  opts: BackOfficeSandboxOptions = {},
): Promise<BackOfficeSandbox> {
  const log = opts.log ?? (() => {});
  const effective: EffectiveBackOffices = {
    config: structuredClone(resolved.config),
    xiaobao: resolved.xiaobao,
    source: { ...resolved.source },
  };
  const simulators: BackOfficeSandbox['simulators'] = { xiaobao: null, kesion: null, campus: null };
  const close = async () => {
    await Promise.all(
      [simulators.xiaobao, simulators.kesion, simulators.campus].map((s) => (s ? s.close() : Promise.resolve())),
    );
  };
  try {
    if (resolved.source.xiaobao === 'not-configured') {
      const sim = await startXiaobaoSimulator({ port: 0 });
      simulators.xiaobao = sim;
      for (const s of DEMO_XIAOBAO_STUDENTS) sim.addStudent({ ...s });
      plantDemoOrders(sim);
      const xb = effective.config.xiaobao;
      xb.url = sim.baseUrl;
      xb.accessKeyId = sim.credentials.accessKeyId;
      xb.corpId = sim.credentials.corpId;
      xb.schoolId = DEMO_SCHOOL_ID;
      xb.defaultOperatorId = DEMO_OPERATOR_ID;
      xb.sign = { encoding: 'hex', success: 'code-200' };
      effective.xiaobao = {
        configured: true,
        client: {
          baseUrl: sim.baseUrl,
          accessKeyId: sim.credentials.accessKeyId,
          accessKeySecret: sim.credentials.accessKeySecret,
          corpId: sim.credentials.corpId,
          signEncoding: 'hex',
          success: { field: 'code', value: 200 },
          timeoutMs: xb.timeoutMs,
        },
        schoolId: DEMO_SCHOOL_ID,
        operatorIds: xb.operatorIds,
        defaultOperatorId: DEMO_OPERATOR_ID,
        accounts: xb.accounts,
      };
      effective.source.xiaobao = 'sandbox';
      log('backoffice.sandbox-started', { system: 'xiaobao', url: sim.baseUrl });
    }
    if (resolved.source.kesion === 'not-configured') {
      const sim = await startKesionSimulator({ port: 0, counterPayIds: [DEMO_KESION_COUNTER_PAY_ID] });
      simulators.kesion = sim;
      const k = effective.config.kesion;
      k.url = sim.url;
      k.apptoken = sim.apptoken;
      k.apikey = null;
      k.counterPayId = DEMO_KESION_COUNTER_PAY_ID;
      effective.source.kesion = 'sandbox';
      log('backoffice.sandbox-started', { system: 'kesion', url: sim.url });
    }
    if (resolved.source.campus === 'not-configured') {
      const c = effective.config.campus;
      const sim = await startCampusSimulator({
        port: 0,
        controller: c.controller,
        amountUnit: c.amountUnit,
        successParam: c.successParam,
      });
      simulators.campus = sim;
      c.url = sim.webPath;
      effective.source.campus = 'sandbox';
      log('backoffice.sandbox-started', { system: 'campus', url: sim.webPath });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { effective, simulators, close };
}
