import { describe, expect, it } from 'vitest';
import type { GatewayClient } from '../gateway/client.js';
import { reportingGateway } from './gateway-reporting.js';

describe('reportingGateway', () => {
  it('reports replies as reachable and transport failures as not, and passes results through', async () => {
    const reports: [string, boolean][] = [];
    const results = [
      {
        kind: 'reply',
        status: 200,
        durationMs: 5,
        errcode: 1,
        errmsg: 'x',
        tag: { billnum: '', autoid: '', billstatus: '', paystatus: '', paystatusdesc: '' },
        tagPresent: true,
      },
      { kind: 'transport-failure', failure: 'timeout', message: 'no answer', durationMs: 5000 },
      { kind: 'invalid', error: { code: 'invalid-input', message: 'billNum too long' } },
    ] as const;
    let i = 0;
    const inner = {
      barCodeUrl: 'b',
      queryUrl: 'q',
      barCode: async () => results[i++],
      query: async () => results[i++],
    } as unknown as GatewayClient;
    const g = reportingGateway(inner, { report: (t, ok) => void reports.push([t, ok]) });
    expect(await g.barCode({} as never)).toBe(results[0]);
    expect(await g.query({} as never)).toBe(results[1]);
    expect(await g.query({} as never)).toBe(results[2]);
    expect(reports).toEqual([
      ['gateway', true],
      ['gateway', false],
    ]);
  });
});
