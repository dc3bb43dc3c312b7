/** The chaos test's options, report and acknowledgements (scripts/chaos-payments.ts). */

export interface ChaosOptions {
  payments: number;
  counters: number;
  seed: number;
  deadlineMs: number;
  /** Random gap between kills (ms). */
  killEveryMs: [number, number];
  /** How long the app stays dead after a kill (ms). */
  downMs: [number, number];
  /** Give up waiting for reconciliation after this long (ms). */
  settleTimeoutMs: number;
  keepData?: boolean;
  log?: (line: string) => void;
}

export interface ChaosReport {
  name: 'chaos-payments';
  ok: boolean;
  params: Omit<ChaosOptions, 'log'>;
  durationMs: number;
  kills: number;
  starts: number;
  acknowledged: number;
  nacks: Record<string, number>;
  attempts: {
    total: number;
    byState: Record<string, number>;
    unconfirmedScheduled: number;
    unconfirmedNoGatewayRecord: number;
  };
  bills: { total: number; byStatus: Record<string, number> };
  gateway: {
    payments: number;
    charged: number;
    chargedFen: number;
    doubleCharged: string[];
    barCodeRequests: number;
    queryRequests: number;
    maxBarCodePerBillNum: number;
  };
  checks: Record<string, { ok: boolean; violations: string[] }>;
}

export interface Ack {
  counter: number;
  billId: number;
  billNo: string;
  attemptId: number;
  gatewayBillNum: string;
}
