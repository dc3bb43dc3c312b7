import { z } from 'zod';
import { isValidCardPattern } from './classify.js';
import { DEFAULT_WEDGE_OPTIONS, WedgeOptionsSchema } from './wedge.js';

/**
 * Scanner settings as stored in the app config and edited on the scanner settings screen.
 * (The config owner embeds `ScannerConfigSchema`; defaults make an empty object valid.)
 */

export const MIN_POLL_INTERVAL_MS = 1000;

export const HidConfigSchema = z.object({
  /** Read HID scanners with node-hid at all. */
  enabled: z.boolean().default(true),
  /**
   * 'auto': open every recognised scanner (HID-POS interfaces of known vendors or usage page 0x8C).
   * 'paired-only': open only `pairedDeviceIds`.
   */
  mode: z.enum(['auto', 'paired-only']).default('auto'),
  pairedDeviceIds: z.array(z.string().min(1).max(200)).max(16).default([]),
  /** Extra USB vendor ids to treat as scanners (a site's unbranded scanner). */
  extraVendorIds: z.array(z.number().int().min(1).max(0xffff)).max(32).default([]),
  /**
   * Also read keyboard-mode interfaces of paired scanners through hidraw (Linux). Off by default:
   * the OS still delivers their keys to the focused window, which the wedge already handles.
   */
  keyboardInterfaces: z.boolean().default(false),
  /** Re-enumeration period; never faster than once a second (node-hid enumeration is costly). */
  pollIntervalMs: z.number().int().min(MIN_POLL_INTERVAL_MS).max(60_000).default(2000),
});
export type HidConfig = z.infer<typeof HidConfigSchema>;

export const ScannerConfigSchema = z.object({
  hid: HidConfigSchema.default(HidConfigSchema.parse({})),
  wedge: WedgeOptionsSchema.default({ ...DEFAULT_WEDGE_OPTIONS, terminators: [...DEFAULT_WEDGE_OPTIONS.terminators] }),
  /** Regular-expression source for stored-value card numbers (full match), e.g. `8\d{11}`. */
  cardPattern: z
    .string()
    .max(200)
    .refine((s) => s === '' || isValidCardPattern(s), { message: 'invalid regular expression' })
    .optional(),
});
export type ScannerConfig = z.infer<typeof ScannerConfigSchema>;
