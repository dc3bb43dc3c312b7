import type { GatewayCallResult, GatewayClient } from '../gateway/client.js';
import type { ConnectivityMonitor } from './monitor.js';

/**
 * Feed every real gateway call's outcome to the connectivity monitor: a reply (any errcode)
 * proves the gateway is there; a transport failure counts against it. Invalid requests were
 * never sent and say nothing.
 */
export function reportingGateway(gateway: GatewayClient, monitor: Pick<ConnectivityMonitor, 'report'>): GatewayClient {
  const report = (r: GatewayCallResult): GatewayCallResult => {
    if (r.kind === 'reply') monitor.report('gateway', true, { latencyMs: r.durationMs });
    else if (r.kind === 'transport-failure')
      monitor.report('gateway', false, { latencyMs: r.durationMs, error: r.message });
    return r;
  };
  return {
    barCodeUrl: gateway.barCodeUrl,
    queryUrl: gateway.queryUrl,
    barCode: (req, opts) => gateway.barCode(req, opts).then(report),
    query: (req, opts) => gateway.query(req, opts).then(report),
    scanCode: (req, opts) =>
      gateway.scanCode(req, opts).then((r) => {
        report(r);
        return r;
      }),
  };
}
