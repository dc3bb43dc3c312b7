import { z } from 'zod';
import { ScannerConfigSchema } from '../scan/config.js';
import { DeviceListingSchema, ScannerStatusSchema, ScanSourceSchema } from '../scan/types.js';
import { command, event, NoInput } from './define.js';

/**
 * The scanner settings screen and the status bar's scanner slot (issue 4):
 * devices, pairing by scanning a shown barcode, a live test view, wedge thresholds, the Linux
 * udev rule, and a simulated scanner for the developer menu.
 *
 * While the settings screen is open the counter is in "test" mode: every scan, from any source,
 * is shown in the live view and never acts on a bill (no payment, no item). The screen holds
 * that mode with a lease it renews (`scanner.testMode`); it ends by itself if the screen goes.
 */

export const SCANNER_BACKENDS = ['node-hid', 'simulated', 'off'] as const;
export const ScannerBackendSchema = z.enum(SCANNER_BACKENDS);
export type ScannerBackend = z.infer<typeof ScannerBackendSchema>;

export const ScannerStatusViewSchema = ScannerStatusSchema.extend({
  /** Where HID reports come from: node-hid, the simulated bus (developer menu), or nothing. */
  backend: ScannerBackendSchema,
  /** Scans go to the settings screen's live view (test mode or pairing), not to the bill. */
  testing: z.boolean(),
  /** A pairing code is shown and waiting for a scanner to read it. */
  pairing: z.boolean(),
});
export type ScannerStatusView = z.infer<typeof ScannerStatusViewSchema>;

export const PAIRING_STATES = ['idle', 'waiting', 'paired', 'keyboard', 'expired', 'cancelled'] as const;

/** The pairing flow as the screen shows it. */
export const PairingViewSchema = z.object({
  /**
   * idle: nothing shown · waiting: `code` is on screen · paired: `deviceId` read it and is paired ·
   * keyboard: a keyboard-mode scanner read it (nothing to pair: it types) · expired · cancelled.
   */
  state: z.enum(PAIRING_STATES),
  code: z.string().nullable(),
  /** Wall-clock ms when a waiting code stops being accepted. */
  expiresAt: z.number().nullable(),
  deviceId: z.string().nullable(),
  /** "Vendor · product" of the paired device, for the screen. */
  device: z.string().nullable(),
});
export type PairingView = z.infer<typeof PairingViewSchema>;

/** One line of the live test view: a raw HID report, or a scan (any source) as the pipeline saw it. */
export const LiveReportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('report'),
    deviceId: z.string(),
    /** The report's bytes, lower-case hex. */
    hex: z.string().max(4096),
    /** Text this report completed, if it completed a scan. */
    decoded: z.string().nullable(),
    /** Why the decoder could not use (all of) it. */
    issue: z.string().nullable(),
    at: z.number(),
  }),
  z.object({
    type: z.literal('scan'),
    seq: z.number().int().positive(),
    source: ScanSourceSchema,
    deviceId: z.string().nullable(),
    text: z.string(),
    /** Classification: wechat, alipay, unionpay, ean13, ean8, upca, card, unknown. */
    kind: z.string(),
    category: z.string(),
    symbology: z.string().nullable(),
    /** It was the pairing code on screen. */
    pairing: z.boolean(),
    at: z.number(),
  }),
]);
export type LiveReport = z.infer<typeof LiveReportSchema>;

/** A partial scanner config from the settings screen (checked again in main: app/scan/config-check.ts). */
export const ScannerConfigEditSchema = z
  .object({
    wedge: z
      .object({
        maxGapMs: z.number().finite(),
        minLength: z.number().finite(),
        endGapMs: z.number().finite(),
        maxLength: z.number().finite(),
        terminators: z.array(z.string()).max(8),
      })
      .partial()
      .strict()
      .optional(),
    hid: z
      .object({
        enabled: z.boolean(),
        mode: z.enum(['auto', 'paired-only']),
        keyboardInterfaces: z.boolean(),
        pollIntervalMs: z.number().finite(),
        extraVendorIds: z.array(z.number().int().min(1).max(0xffff)).max(32),
      })
      .partial()
      .strict()
      .optional(),
    /** Regular expression (full match) for stored-value card numbers; '' or null clears it. */
    cardPattern: z.string().max(200).nullable().optional(),
  })
  .strict();
export type ScannerConfigEdit = z.infer<typeof ScannerConfigEditSchema>;

export const UdevInfoSchema = z.object({
  fileName: z.string(),
  /** The rule text (what the file holds). */
  rules: z.string(),
  /** Where the app ships the file on this machine, when found. */
  shippedPath: z.string().nullable(),
  /** Shell commands (run as root) that install the rule and reload udev. */
  installCommand: z.string(),
  /** The OS the core runs on ('linux', 'win32', 'darwin', …): the rule matters on Linux only. */
  platform: z.string(),
});
export type UdevInfo = z.infer<typeof UdevInfoSchema>;

const DeviceIdSchema = z.string().min(1).max(200);

export const SimulateInputSchema = z.discriminatedUnion('action', [
  /** Replay `text` as the device would send it (its report layout), through the real manager. */
  z.object({ action: z.literal('scan'), path: z.string().min(1).max(200), text: z.string().min(1).max(512) }).strict(),
  z.object({ action: z.literal('unplug'), path: z.string().min(1).max(200) }).strict(),
  z.object({ action: z.literal('plug'), path: z.string().min(1).max(200) }).strict(),
]);

export const SimulatedDeviceSchema = z.object({ path: z.string(), label: z.string(), plugged: z.boolean() });

export const scannerCommands = {
  'scanner.status': command(NoInput, ScannerStatusViewSchema, 'public'),
  'scanner.devices': command(
    z.object({ refresh: z.boolean().optional() }).strict(),
    z.object({ devices: z.array(DeviceListingSchema), status: ScannerStatusViewSchema }),
    'signed-in',
  ),
  /** The settings in force (thresholds the page's wedge listener uses, too). */
  'scanner.config.get': command(NoInput, ScannerConfigSchema, 'public'),
  'scanner.config.set': command(ScannerConfigEditSchema, ScannerConfigSchema, 'supervisor'),
  /** Hold (on) or end (off) test mode for the live view; renew at least every `ttlMs / 3`. */
  'scanner.testMode': command(
    z.object({ on: z.boolean() }).strict(),
    z.object({ testing: z.boolean(), until: z.number().nullable(), ttlMs: z.number().int().positive() }),
    'signed-in',
  ),
  /** Show a new pairing code (as a barcode); the scanner that reads it is paired. */
  'scanner.pairStart': command(NoInput, PairingViewSchema, 'supervisor'),
  'scanner.pairCancel': command(NoInput, PairingViewSchema, 'signed-in'),
  'scanner.pairing': command(NoInput, PairingViewSchema, 'signed-in'),
  'scanner.unpair': command(z.object({ deviceId: DeviceIdSchema }).strict(), ScannerConfigSchema, 'supervisor'),
  'scanner.udev': command(NoInput, UdevInfoSchema, 'signed-in'),
  /** Developer menu: the simulated scanners (only when the simulated backend is active). */
  'scanner.simulated': command(NoInput, z.object({ devices: z.array(SimulatedDeviceSchema) }), 'signed-in'),
  'scanner.simulate': command(
    SimulateInputSchema,
    z.object({ delivered: z.number().int().nonnegative() }),
    'signed-in',
  ),
} as const;

export const scannerEvents = {
  'scanner.status': event(ScannerStatusViewSchema),
  'scanner.report': event(LiveReportSchema),
  'scanner.pairing': event(PairingViewSchema),
  'scanner.config': event(ScannerConfigSchema),
} as const;
