import { z } from 'zod';
import { TERMINAL_NO } from '../limits.js';
import { ReceiptTextsSchema } from '../receipt/settings.js';
import { command, event, NoInput } from './define.js';
import { BusinessTypeSchema } from './schemas.js';
import { OperatorNoSchema, PinSchema } from './session.js';

/**
 * First-run setup (首次设置), diagnostics export and updates — the installer's commands.
 *
 * Access: these commands are declared 'public' here because their rule depends on state the
 * static table cannot express — the handler (main/handlers/setup.ts) enforces it in main:
 *   - while the counter is not configured yet (`setup.completedAt` is null), anyone at the
 *     machine may run setup (there is no supervisor to ask yet);
 *   - afterwards, only a connection a supervisor authorised with `setup.authorize` (operator
 *     number + PIN, checked in main at every opening of 系统设置 — being signed in as a
 *     supervisor is not enough). The authorisation ends when the dialog closes
 *     (`setup.endAuthorization`), on sign-out, when the connection closes, or after a few
 *     minutes without use. Wrong PINs here are throttled per connection (`pin-throttled`) and
 *     never lock the supervisor's account.
 * `setup.state` is the only always-public one: it says whether setup is needed, nothing else.
 */

export const SECRET_NAMES = [
  'gateway.authorization',
  'backOffice.token',
  // The back offices' credentials (app/contract/backoffice.ts BACK_OFFICE_SECRET_NAMES).
  'xiaobao.accessKeySecret',
  'kesion.apptoken',
  'kesion.apikey',
] as const;
export const SecretNameSchema = z.enum(SECRET_NAMES);
export type SecretName = z.infer<typeof SecretNameSchema>;

export const PaperWidthSchema = z.union([z.literal(58), z.literal(80)]);
export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error']);

const HttpUrlSchema = z
  .string()
  .trim()
  .max(500)
  .url({ message: 'must be a URL, e.g. https://pay.example.cn/' })
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must start with http:// or https://' });

/**
 * A gateway endpoint path, relative to the gateway URL: never a URL of its own (no scheme, no
 * `//`, no `..` climbing out of the base, no backslashes), so a payment and the stored secret
 * can only go to the configured gateway host. main/config.ts applies the same rule to the file.
 */
export const RELATIVE_PATH_RULE =
  'a relative path such as api/3Pay/KouDaiLQ/Query (no scheme, //, .., \\, spaces, ? or #)';
export function isRelativeGatewayPath(p: string): boolean {
  if (p.length === 0 || p.length > 200) return false;
  if (/[\s?#\\%]/.test(p)) return false;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)) return false;
  if (p.startsWith('//') || p.includes('//')) return false;
  return !p
    .replace(/^\/+/, '')
    .split('/')
    .some((seg) => seg === '..' || seg === '.');
}
const PathSchema = z
  .string()
  .trim()
  .min(1, { message: 'required' })
  .max(200)
  .refine(isRelativeGatewayPath, { message: RELATIVE_PATH_RULE });

const HttpsUrlSchema = HttpUrlSchema.refine((u) => /^https:\/\//i.test(u), { message: 'must start with https://' });

/** The values the setup screen edits. They live in config.json (secrets do not). */
export const SetupSettingsSchema = z
  .object({
    terminalNo: z.string().trim().regex(TERMINAL_NO.pattern, { message: TERMINAL_NO.rule }),
    businessType: BusinessTypeSchema,
    locale: z.enum(['zh-CN', 'en']),
    gateway: z
      .object({
        /** null = the embedded sandbox (演示/测试 only). */
        url: HttpUrlSchema.nullable(),
        barCodePath: PathSchema,
        queryPath: PathSchema,
      })
      .strict(),
    backOffice: z.object({ feedUrl: HttpUrlSchema.nullable() }).strict(),
    printer: z
      .object({
        /** The OS printer name; null = the system default printer. */
        name: z.string().trim().min(1).max(200).nullable(),
        paperWidthMm: PaperWidthSchema,
      })
      .strict(),
    log: z.object({ level: LogLevelSchema }).strict(),
    /** The update feed is https only (an update is code this PC will run). */
    updates: z.object({ enabled: z.boolean(), url: HttpsUrlSchema.nullable() }).strict(),
    /** Shop name, header and footer lines of the receipt (absent: keep what is saved). */
    receipt: ReceiptTextsSchema.optional(),
  })
  .strict();
export type SetupSettings = z.infer<typeof SetupSettingsSchema>;

export const SecretStorageSchema = z.object({
  kind: z.enum(['safe-storage', 'plain-file', 'memory']),
  encrypted: z.boolean(),
  zh: z.string(),
  en: z.string(),
});

export const PrinterInfoSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  isDefault: z.boolean(),
});
export type PrinterInfo = z.infer<typeof PrinterInfoSchema>;

export const SetupStateSchema = z.object({
  /** True until first-run setup is finished: the renderer shows the setup screen. */
  needsSetup: z.boolean(),
  completedAt: z.string().nullable(),
});
export type SetupState = z.infer<typeof SetupStateSchema>;

export const SetupStatusSchema = z.object({
  needsSetup: z.boolean(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  shell: z.enum(['electron', 'browser', 'memory']),
  dataDir: z.string(),
  configFile: z.string(),
  /** The values in config.json (what the screen edits). */
  settings: SetupSettingsSchema,
  /** Fields whose effective value comes from an environment variable instead of the file. */
  envOverrides: z.array(z.object({ field: z.string(), variable: z.string() })),
  /** Which secrets hold a value (never the values). */
  secrets: z.array(z.object({ name: SecretNameSchema, set: z.boolean() })),
  secretStorage: SecretStorageSchema,
  supervisors: z.number().int().min(0),
  /** The running embedded sandbox gateway, when no real gateway URL is configured. */
  sandboxUrl: z.string().nullable(),
  /**
   * The gateway URL the running app actually uses (config.json or an environment override such
   * as COUNTERPAY_GATEWAY_URL); null = the embedded sandbox.
   */
  gatewayUrlInUse: z.string().nullable().optional(),
  /** Saved changes that the running app has not applied yet (they need a restart). */
  restart: z.object({ required: z.boolean(), fields: z.array(z.string()) }),
  /** The shell can restart itself (Electron); the browser shell must be restarted by hand. */
  canRestart: z.boolean(),
  /** Printers the OS knows (Electron); null where the shell cannot list them (browser shell). */
  printers: z.array(PrinterInfoSchema).nullable(),
  /** Connected scanners, when the scanner service is available. */
  scanners: z.number().int().min(0).nullable(),
  /** Auto-update works in this shell (packaged Electron app). */
  updatesSupported: z.boolean(),
});
export type SetupStatus = z.infer<typeof SetupStatusSchema>;

const SecretChangeSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[^\r\n\0]+$/, { message: 'one line' })
  .nullable()
  .optional();

export const SetupSaveInputSchema = z
  .object({
    settings: SetupSettingsSchema,
    /** Per secret: a new value, null to remove it, absent to keep it. */
    secrets: z
      .object({ 'gateway.authorization': SecretChangeSchema, 'backOffice.token': SecretChangeSchema })
      .strict()
      .optional(),
    /** Create a supervisor (required when finishing first-run setup and none exists). */
    supervisor: z
      .object({
        operatorNo: OperatorNoSchema,
        name: z.string().trim().min(1, { message: 'required' }).max(40),
        pin: PinSchema,
      })
      .strict()
      .optional(),
    /** Mark first-run setup as done. */
    finish: z.boolean().default(false),
  })
  .strict();
export type SetupSaveInput = z.input<typeof SetupSaveInputSchema>;

export const SetupSaveResultSchema = z.object({
  status: SetupStatusSchema,
  /** Fields changed by this save. */
  changed: z.array(z.string()),
  restartRequired: z.boolean(),
  createdSupervisor: z.string().nullable(),
});
export type SetupSaveResult = z.infer<typeof SetupSaveResultSchema>;

export const ConnectionTestResultSchema = z.object({
  ok: z.boolean(),
  reachable: z.boolean(),
  kind: z.enum([
    'ok',
    'bad-url',
    'refused',
    'dns',
    'timeout',
    'tls',
    'network',
    'not-found',
    'unauthorized',
    'server-error',
    'http-error',
    'not-gateway',
  ]),
  url: z.string(),
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  errcode: z.number().int().nullable(),
  errmsg: z.string().nullable(),
  errorCode: z.string().nullable(),
  zh: z.string(),
  en: z.string(),
  /** True when the embedded sandbox was tested (no gateway URL given). */
  sandbox: z.boolean(),
  /** Which Authorization went with the test: the stored one, the one typed in the form, or none. */
  authorization: z.enum(['stored', 'typed', 'none']).optional(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResultSchema>;

export const DiagnosticsExportSchema = z.object({
  file: z.string(),
  bytes: z.number().int(),
  createdAt: z.string(),
  entries: z.array(z.object({ name: z.string(), bytes: z.number().int() })),
});
export type DiagnosticsExport = z.infer<typeof DiagnosticsExportSchema>;

export const UpdateStatusSchema = z.object({
  supported: z.boolean(),
  enabled: z.boolean(),
  state: z.enum([
    'disabled',
    'unsupported',
    'idle',
    'checking',
    'deferred',
    'available',
    'downloading',
    'downloaded',
    'installing',
    'error',
  ]),
  currentVersion: z.string(),
  availableVersion: z.string().nullable(),
  /** 0–100 while downloading. */
  percent: z.number().nullable(),
  lastCheckAt: z.number().nullable(),
  message: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const setupCommands = {
  /** Always public: does the counter still need its first-run setup? */
  'setup.state': command(NoInput, SetupStateSchema, 'public'),
  /** The setup form's current values and the machine's facts (gated, see above). */
  'setup.status': command(NoInput, SetupStatusSchema, 'public'),
  /** Authorise this connection for setup with a supervisor's operator number and PIN. */
  'setup.authorize': command(
    z.object({ operatorNo: OperatorNoSchema, pin: PinSchema }).strict(),
    z.object({ until: z.number() }),
    'public',
  ),
  /** Validate and write config.json (and secrets); optionally create the supervisor and finish. */
  'setup.save': command(SetupSaveInputSchema, SetupSaveResultSchema, 'public'),
  /** Call the gateway's query endpoint with a harmless unknown bill and report what happened. */
  'setup.testConnection': command(
    z
      .object({
        /** null: test the embedded sandbox (or the configured URL when the app runs one). */
        url: HttpUrlSchema.nullable(),
        queryPath: PathSchema.optional(),
        /**
         * Send the stored gateway authorization (default true) — only ever to the origin of the
         * gateway URL it was saved with; to any other URL the test goes without it.
         */
        useStoredAuthorization: z.boolean().default(true),
        /** Or this one (not stored). */
        authorization: z
          .string()
          .min(1)
          .max(4096)
          .regex(/^[^\r\n\0]+$/)
          .optional(),
      })
      .strict(),
    ConnectionTestResultSchema,
    'public',
  ),
  /**
   * The 系统设置 dialog closed: end this connection's setup authorisation now (it also ends on
   * sign-out and when the connection closes). Always allowed; a no-op when none is held.
   */
  'setup.endAuthorization': command(NoInput, z.object({ ended: z.boolean() }), 'public'),
  /** Restart the app so saved changes take effect (Electron only). */
  'setup.restart': command(NoInput, z.object({ restarting: z.boolean() }), 'public'),
  /** Write a diagnostics zip for support (logs, redacted config, versions, scanners, store health). */
  'diagnostics.export': command(NoInput, DiagnosticsExportSchema, 'public'),
  'updates.status': command(NoInput, UpdateStatusSchema, 'public'),
  /** Check the update feed now. */
  'updates.check': command(NoInput, UpdateStatusSchema, 'public'),
  /** Restart into a downloaded update; refused with payment-in-progress while a payment is live. */
  'updates.install': command(NoInput, UpdateStatusSchema, 'public'),
} as const;

export const setupEvents = {
  'updates.changed': event(UpdateStatusSchema),
} as const;
