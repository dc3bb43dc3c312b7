import { z } from 'zod';
import { SCAN_CATEGORIES, SCAN_KINDS } from './classify.js';
import { COUNTER_MODES, REJECT_REASONS, SCAN_ACTIONS } from './route.js';

/**
 * Boundary types of the scan domain (zod schemas; TypeScript types inferred). The contract owner
 * can use these directly in app/contract (e.g. a `scan.submit` command for the browser-shell
 * wedge, scanner status events, a device list for the settings screen).
 */

export const SCAN_SOURCES = ['hid-pos', 'hid-keyboard', 'keyboard-wedge'] as const;
export const ScanSourceSchema = z.enum(SCAN_SOURCES);
export type ScanSource = z.infer<typeof ScanSourceSchema>;

const HexReport = z
  .string()
  .regex(/^(?:[0-9a-f]{2})*$/, 'lower-case hex bytes')
  .max(2 * 1024);

/** One scan from any source, before classification. */
export const ScanEventSchema = z.object({
  text: z.string().min(1).max(4096),
  source: ScanSourceSchema,
  /** Stable id of the HID device, or of the wedge ('electron-wedge', 'browser-wedge'). */
  deviceId: z.string().min(1).max(200).optional(),
  /** AIM id (`]E0`) or vendor code id (`newland:d`) when the device reported one. */
  symbology: z.string().min(1).max(32).optional(),
  /** The HID reports that carried the scan, one lower-case hex string per report. */
  raw: z.array(HexReport).max(64).optional(),
  /** Wall-clock time of the scan, ms since the epoch. */
  at: z.number().finite().nonnegative(),
});
export type ScanEvent = z.infer<typeof ScanEventSchema>;

export const CounterModeSchema = z.enum(COUNTER_MODES);

export const ClassifiedScanSchema = z.object({
  kind: z.enum(SCAN_KINDS),
  category: z.enum(SCAN_CATEGORIES),
  text: z.string(),
  aim: z.string().nullable(),
  matchesCardPattern: z.boolean(),
});

export const LocalisedTextSchema = z.object({ zh: z.string(), en: z.string() });

export const RouteResultSchema = z.object({
  action: z.enum(SCAN_ACTIONS),
  reason: z.enum(REJECT_REASONS).optional(),
  beep: z.enum(['ok', 'error']),
  errorCode: z.string().optional(),
  message: LocalisedTextSchema.optional(),
});

/** What the pipeline emits for every scan it accepted for routing. */
export const RoutedScanSchema = z.object({
  /** Monotonic sequence number within this run. */
  seq: z.number().int().positive(),
  scan: ScanEventSchema,
  classified: ClassifiedScanSchema,
  counterMode: CounterModeSchema,
  route: RouteResultSchema,
});
export type RoutedScan = z.infer<typeof RoutedScanSchema>;

/** HID roles a device can play for us. */
export const DEVICE_ROLES = ['hid-pos', 'hid-keyboard', 'other'] as const;
export const DeviceRoleSchema = z.enum(DEVICE_ROLES);
export type DeviceRole = z.infer<typeof DeviceRoleSchema>;

export const REPORT_LAYOUTS = ['honeywell', 'newland', 'auto', 'keyboard'] as const;
export const ReportLayoutSchema = z.enum(REPORT_LAYOUTS);
export type ReportLayout = z.infer<typeof ReportLayoutSchema>;

export const DEVICE_STATES = ['connected', 'connecting', 'disconnected', 'available', 'ignored'] as const;

/** One HID device as the settings screen lists it. */
export const DeviceListingSchema = z.object({
  deviceId: z.string(),
  path: z.string(),
  vendorId: z.number().int(),
  productId: z.number().int(),
  vendorName: z.string().nullable(),
  manufacturer: z.string().nullable(),
  product: z.string().nullable(),
  serialNumber: z.string().nullable(),
  usagePage: z.number().int().nullable(),
  usage: z.number().int().nullable(),
  interface: z.number().int().nullable(),
  role: DeviceRoleSchema,
  layout: ReportLayoutSchema.nullable(),
  /** Why the device is (not) used, for the settings screen. */
  note: z.string(),
  state: z.enum(DEVICE_STATES),
  paired: z.boolean(),
});
export type DeviceListing = z.infer<typeof DeviceListingSchema>;

/** Scanner status pushed to the renderer (e.g. a status-bar icon). */
export const ScannerStatusSchema = z.object({
  /** 'unavailable': the HID library could not load (e.g. no libusb); keyboard wedge still works. */
  hid: z.enum(['ready', 'unavailable', 'stopped']),
  hidError: z.string().nullable(),
  connected: z.array(
    z.object({
      deviceId: z.string(),
      vendorName: z.string().nullable(),
      product: z.string().nullable(),
      role: DeviceRoleSchema,
      since: z.number(),
    }),
  ),
  lastEnumeratedAt: z.number().nullable(),
});
export type ScannerStatus = z.infer<typeof ScannerStatusSchema>;

/** One raw HID report, for the settings screen's live view. */
export const RawReportSchema = z.object({
  deviceId: z.string(),
  hex: HexReport,
  at: z.number(),
  /** Text completed by this report, if it completed a scan. */
  decoded: z.string().nullable(),
});
export type RawReport = z.infer<typeof RawReportSchema>;
