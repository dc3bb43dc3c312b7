/**
 * The simulated scanners of the developer menu and the e2e tests (COUNTERPAY_SCANNER=simulated):
 * list them, plug, unplug, and scan with them.
 */
import { AppError } from '../../app/result.js';
import { SIMULATED_SCANNERS, type SimulatedDeviceSpec } from '../../native/hid/simulated-backend.js';
import type { ScannerService } from './scanner-service.js';

export async function simulatedDevices(
  service: ScannerService,
): Promise<{ path: string; label: string; plugged: boolean }[]> {
  const sim = service.simulator;
  if (!sim) return [];
  const plugged = new Set((await sim.devices()).map((d) => d.path));
  return Object.values(SIMULATED_SCANNERS).map((d) => ({
    path: d.path,
    label: `${d.manufacturer} · ${d.product}`,
    plugged: plugged.has(d.path),
  }));
}

export async function simulate(
  service: ScannerService,
  input: { action: 'scan' | 'plug' | 'unplug'; path: string; text?: string },
): Promise<{ delivered: number }> {
  const sim = service.simulator;
  if (!sim) {
    throw new AppError(
      'scanner-not-found',
      'the simulated scanner is not active (start with COUNTERPAY_SCANNER=simulated)',
    );
  }
  const spec = Object.values(SIMULATED_SCANNERS).find((d) => d.path === input.path) as SimulatedDeviceSpec | undefined;
  if (!spec) throw new AppError('scanner-not-found', `no simulated scanner at ${input.path}`, { path: input.path });
  switch (input.action) {
    case 'scan': {
      if (!sim.isOpen(spec.path))
        throw new AppError('scanner-not-found', `${spec.path} is not connected`, { path: spec.path });
      return { delivered: sim.scan(spec.path, input.text ?? '') };
    }
    case 'unplug':
      sim.unplug(spec.path);
      return { delivered: 0 };
    case 'plug':
      sim.plug(spec);
      await service.manager.rescan();
      await service.manager.whenIdle();
      return { delivered: 0 };
  }
}
