import { z } from 'zod';
import { command, event, NoInput } from './define.js';

/**
 * Back-office infrastructure (main/backoffice/status.ts, setup.ts): the reachability of the
 * three back offices (校宝 Xiaobao, 科讯网校 KesionEDU, 智慧校园 smart campus) for the status
 * bar's pills, and their setup sections (系统设置 / 首次设置).
 *
 * The setup commands are 'public' like setup.* (app/contract/setup.ts): the handler asks the
 * setup service whether this caller may change the setup (free before first-run setup is done,
 * an authorised supervisor afterwards).
 */

export const BACK_OFFICE_SYSTEMS = ['xiaobao', 'kesion', 'campus'] as const;
export const BackOfficeSystemSchema = z.enum(BACK_OFFICE_SYSTEMS);
export type BackOfficeSystemName = z.infer<typeof BackOfficeSystemSchema>;

/** configured: config.json/env; sandbox: the embedded simulator (演示); not-configured. */
export const BackOfficeSourceSchema = z.enum(['configured', 'sandbox', 'not-configured']);
/** unknown: not checked yet. */
export const BackOfficeReachSchema = z.enum(['online', 'offline', 'unknown']);

export const BackOfficeStatusSchema = z.object({
  system: BackOfficeSystemSchema,
  source: BackOfficeSourceSchema,
  state: BackOfficeReachSchema,
  /** When the state was last established (a check or a real call); null = never. */
  at: z.number().nullable(),
  /** Why it is offline, in words (never a raw code). */
  reasonZh: z.string().nullable(),
  reasonEn: z.string().nullable(),
});
export type BackOfficeStatus = z.infer<typeof BackOfficeStatusSchema>;
export const BackOfficeStatusListSchema = z.object({ systems: z.array(BackOfficeStatusSchema) });
export type BackOfficeStatusList = z.infer<typeof BackOfficeStatusListSchema>;

const HttpUrl = z
  .string()
  .trim()
  .max(500, { message: 'at most 500 characters' })
  .url({ message: 'must be a URL, e.g. https://erp.example.cn/open-erp' })
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must start with http:// or https://' });
const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'required' })
    .max(max, { message: `at most ${max} characters` });
const PositiveId = z
  .number()
  .int({ message: 'a whole number' })
  .min(1, { message: 'at least 1' })
  .max(2_147_483_647, { message: 'at most 2147483647' });
const PayId = z.string().regex(/^\d{1,10}$/, { message: '1–10 digits' });
const Timeout = z
  .number()
  .int({ message: 'a whole number' })
  .min(1000, { message: 'at least 1000 ms' })
  .max(60_000, { message: 'at most 60000 ms' });
const OperatorNo = z.string().trim().min(1, { message: 'required' }).max(32, { message: 'at most 32 characters' });

export const XiaobaoSetupSchema = z
  .object({
    url: HttpUrl.nullable(),
    accessKeyId: Text(200).nullable(),
    corpId: Text(100).nullable(),
    schoolId: PositiveId.nullable(),
    operatorIds: z
      .array(z.object({ operatorNo: OperatorNo, operatorId: PositiveId }).strict())
      .max(200, { message: 'at most 200 mappings' }),
    defaultOperatorId: PositiveId.nullable(),
    sign: z.object({ encoding: z.enum(['hex', 'HEX', 'base64']), success: z.enum(['code-200', 'state-0']) }).strict(),
    accounts: z.object({ barcode: Text(100), cash: Text(100), 'stored-value': Text(100) }).strict(),
    timeoutMs: Timeout,
  })
  .strict();
export type XiaobaoSetup = z.infer<typeof XiaobaoSetupSchema>;

export const KesionSetupSchema = z
  .object({
    url: HttpUrl.nullable(),
    authPlacement: z.enum(['query', 'body']),
    balancePayId: PayId,
    counterPayId: PayId.nullable(),
    orderInfoPath: Text(200),
    maxIds: z
      .number()
      .int({ message: 'a whole number' })
      .min(1, { message: 'at least 1' })
      .max(200, { message: 'at most 200 (KesionEDU batch limit)' }),
    timeoutMs: Timeout,
  })
  .strict();
export type KesionSetup = z.infer<typeof KesionSetupSchema>;

export const CampusSetupSchema = z
  .object({
    url: HttpUrl.nullable(),
    controller: z
      .string()
      .trim()
      .max(200, { message: 'at most 200 characters' })
      .regex(/^\/?[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\/?$/, { message: 'path segments of letters, digits, _ or -' }),
    amountUnit: z.enum(['fen', 'yuan']),
    successParam: z.enum(['ids', 'userID-orderNumber']),
    /** QR channels (main/backoffice/campus/schema.ts QR_CHANNELS; main validates the names). */
    channels: z.array(z.string().min(1).max(20)).min(1, { message: 'at least one channel' }).max(10),
    timeoutMs: Timeout,
  })
  .strict();
export type CampusSetup = z.infer<typeof CampusSetupSchema>;

export const BACK_OFFICE_SECRET_NAMES = ['xiaobao.accessKeySecret', 'kesion.apptoken', 'kesion.apikey'] as const;
export const BackOfficeSecretNameSchema = z.enum(BACK_OFFICE_SECRET_NAMES);
const SecretChange = z
  .string()
  .min(1)
  .max(200, { message: 'at most 200 characters' })
  .regex(/^[^\r\n\0]+$/, { message: 'one line' })
  .nullable()
  .optional();

export const BackOfficeSetupSchema = z
  .object({ xiaobao: XiaobaoSetupSchema, kesion: KesionSetupSchema, campus: CampusSetupSchema })
  .strict();
export type BackOfficeSetup = z.infer<typeof BackOfficeSetupSchema>;

export const BackOfficeSetupStatusSchema = z.object({
  settings: BackOfficeSetupSchema,
  /** Which secrets hold a value (never the values). */
  secrets: z.array(z.object({ name: BackOfficeSecretNameSchema, set: z.boolean() })),
  /** Fields (e.g. "xiaobao.url", "xiaobao.accessKeySecret") set by an environment variable: shown read-only. */
  envOverrides: z.array(z.object({ field: z.string(), variable: z.string() })),
  /** What the running app uses now (the sandbox's simulators when nothing is configured). */
  sources: z.array(z.object({ system: BackOfficeSystemSchema, source: BackOfficeSourceSchema })),
});
export type BackOfficeSetupStatus = z.infer<typeof BackOfficeSetupStatusSchema>;

export const BackOfficeSaveInputSchema = z
  .object({
    system: BackOfficeSystemSchema,
    settings: BackOfficeSetupSchema,
    /** Per secret: a new value, null to remove it, absent to keep it. */
    secrets: z
      .object({
        'xiaobao.accessKeySecret': SecretChange,
        'kesion.apptoken': SecretChange,
        'kesion.apikey': SecretChange,
      })
      .strict()
      .optional(),
  })
  .strict();
export type BackOfficeSaveInput = z.input<typeof BackOfficeSaveInputSchema>;

export const BackOfficeTestResultSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().int().nullable(),
  zh: z.string(),
  en: z.string(),
});
export type BackOfficeTestResult = z.infer<typeof BackOfficeTestResultSchema>;

export const backOfficeCommands = {
  /** The pills: every back office's source and reachability (public like the status bar's other links). */
  'backoffice.status': command(NoInput, BackOfficeStatusListSchema, 'public'),
  /** The setup sections' values (gated like setup.status). */
  'backoffice.settings': command(NoInput, BackOfficeSetupStatusSchema, 'public'),
  /** Save one system's section (config.json + secrets); takes effect after a restart. */
  'backoffice.save': command(
    BackOfficeSaveInputSchema,
    z.object({ status: BackOfficeSetupStatusSchema, changed: z.array(z.string()), restartRequired: z.boolean() }),
    'public',
  ),
  /** 测试连接 with the section's values as typed (a typed secret, else the stored one). */
  'backoffice.test': command(BackOfficeSaveInputSchema, BackOfficeTestResultSchema, 'public'),
} as const;

export const backOfficeEvents = {
  'backoffice.status.changed': event(BackOfficeStatusListSchema),
} as const;
