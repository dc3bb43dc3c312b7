import path from 'node:path';
import { scannerCommands } from '../../app/contract/scanner.js';
import type { ScanDesk } from '../scanners/scan-desk.js';
import { udevCandidates, udevInfo } from '../scanners/udev.js';
import type { SessionService } from '../session/session-service.js';
import type { HandlerMap } from './dispatch.js';

type ScannerHandlers = Pick<HandlerMap, keyof typeof scannerCommands>;

export interface ScannerHandlerServices {
  scanners: ScanDesk;
  sessions: Pick<SessionService, 'operatorFor'>;
}

/**
 * Handlers of app/contract/scanner.ts (the scanner settings screen and the status bar).
 * Access ('supervisor' for changes) is enforced by `sessions.checkAccess` in dispatch.
 */
export function createScannerHandlers(services: ScannerHandlerServices): ScannerHandlers {
  const { scanners, sessions } = services;
  const by = (connectionId: string): string | null => sessions.operatorFor(connectionId)?.operatorNo ?? null;
  // Where the shipped udev rule may be: next to a packaged app, or in a checkout.
  // (the entry script's folder, e.g. dist/browser/, rather than import.meta: the Electron bundle is CommonJS)
  const moduleDir = process.argv[1] ? path.dirname(path.resolve(process.argv[1])) : undefined;
  const candidates = udevCandidates({
    execPath: process.execPath,
    ...((process as { resourcesPath?: string }).resourcesPath
      ? { resourcesPath: (process as { resourcesPath?: string }).resourcesPath! }
      : {}),
    ...(moduleDir ? { moduleDir } : {}),
    cwd: process.cwd(),
  });

  return {
    'scanner.status': () => scanners.status(),
    'scanner.devices': async ({ refresh }) => ({
      devices: await scanners.devices(refresh === true),
      status: scanners.status(),
    }),
    'scanner.config.get': () => scanners.config(),
    'scanner.config.set': (edit, ctx) => scanners.setConfig(edit, by(ctx.connectionId)),
    'scanner.testMode': ({ on }) => scanners.testMode(on),
    'scanner.pairStart': () => scanners.pairStart(),
    'scanner.pairCancel': () => scanners.pairCancel(),
    'scanner.pairing': () => scanners.pairing(),
    'scanner.unpair': ({ deviceId }, ctx) => scanners.unpair(deviceId, by(ctx.connectionId)),
    'scanner.udev': () => udevInfo({ candidates, platform: process.platform }),
    'scanner.simulated': async () => ({ devices: await scanners.simulatedDevices() }),
    'scanner.simulate': (input) => scanners.simulate(input),
  };
}
