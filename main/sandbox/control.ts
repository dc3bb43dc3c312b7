/**
 * The sandbox's control endpoints (tests, the chaos run and the demo use them over HTTP):
 *   GET  /__control/ledger    the ledger (every payment, charges, double charges)
 *   GET  /__control/stats     request counters
 *   POST /__control/reset     forget everything
 *   POST /__control/scenario  { scenario: Scenario | kind | null, billNum?, times?, ...flat fields }
 *   POST /__control/faults    FaultsSchema
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { LIMITS } from '../../app/payment/gateway-schema.js';
import { sendJson } from './http.js';
import type { SandboxLedger } from './ledger.js';
import { FaultsSchema, ScenarioSchema, type Scenario } from './scenarios.js';
import type { ScenarioTarget } from './types.js';

const ScenarioControlSchema = z.object({
  scenario: z.union([ScenarioSchema, z.string(), z.null()]),
  billNum: z.string().min(1).max(LIMITS.billNum).optional(),
  times: z.number().int().positive().optional(),
});

export function createControl(
  ledger: SandboxLedger,
): (path: string, req: IncomingMessage, res: ServerResponse, raw: string) => Promise<void> {
  return async function handleControl(path, req, res, raw) {
    if (req.method === 'GET' && path === '/__control/ledger') return sendJson(res, 200, ledger.ledger());
    if (req.method === 'GET' && path === '/__control/stats') return sendJson(res, 200, ledger.stats());
    if (req.method === 'POST' && path === '/__control/reset') {
      ledger.reset();
      return sendJson(res, 200, { ok: true });
    }
    let body: unknown;
    try {
      body = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { ok: false, error: 'body is not JSON' });
    }
    if (req.method === 'POST' && path === '/__control/scenario') {
      const parsed = ScenarioControlSchema.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
      let scenario: Scenario | null;
      if (typeof parsed.data.scenario === 'string') {
        // Flat form: { scenario: 'password', seconds: 5, billNum?, times? }
        const { scenario: kind, billNum: _b, times: _t, ...rest } = body as Record<string, unknown>;
        const s = ScenarioSchema.safeParse({ kind, ...rest });
        if (!s.success) return sendJson(res, 400, { ok: false, error: z.prettifyError(s.error) });
        scenario = s.data;
      } else scenario = parsed.data.scenario;
      const target: ScenarioTarget = {};
      if (parsed.data.billNum) target.billNum = parsed.data.billNum;
      if (parsed.data.times) target.times = parsed.data.times;
      ledger.setScenario(scenario, target);
      return sendJson(res, 200, { ok: true, scenario, ...target });
    }
    if (req.method === 'POST' && path === '/__control/faults') {
      const parsed = FaultsSchema.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: z.prettifyError(parsed.error) });
      ledger.setFaults(parsed.data);
      return sendJson(res, 200, { ok: true, faults: ledger.faults() });
    }
    return sendJson(res, 404, { ok: false, error: `no control endpoint ${req.method} ${path}` });
  };
}
