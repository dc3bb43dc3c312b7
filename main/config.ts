import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { TERMINAL_NO } from '../app/limits.js';
import { BusinessTypeSchema } from '../app/contract/schemas.js';
import { isRelativeGatewayPath, RELATIVE_PATH_RULE } from '../app/contract/setup.js';
import { ReceiptTextsSchema } from '../app/receipt/settings.js';
import { DEFAULT_QR_PAY_TYPE, QrFieldPathSchema, QrPayTypeSchema } from '../app/payment/scan-code.js';
import { applyBackOfficesEnv, CampusConfigSchema, KesionConfigSchema } from './backoffice/config.js';

/**
 * The configuration file: `<dataDir>/config.json`, validated with zod.
 * Environment overrides: COUNTERPAY_DATA_DIR, COUNTERPAY_GATEWAY_URL (unset = embedded sandbox
 * gateway), COUNTERPAY_PORT (browser shell port), COUNTERPAY_LOG_LEVEL, COUNTERPAY_FEED_URL.
 * A bad file stops the app with an error naming the file and the field; nothing is guessed.
 */

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), { message: 'must start with http:// or https://' });

/** An update feed serves code this PC will run: https only. */
const HttpsUrl = HttpUrl.refine((u) => /^https:\/\//.test(u), {
  message: 'must start with https:// (updates are code; never over plain http)',
});

/** Gateway endpoint paths are relative to gateway.url: never another host (see isRelativeGatewayPath). */
const GatewayPath = z.string().min(1).refine(isRelativeGatewayPath, { message: RELATIVE_PATH_RULE });

/** config.json is a few hundred bytes; anything this big is not a configuration file. */
export const MAX_CONFIG_BYTES = 256 * 1024;

export const ConfigSchema = z
  .object({
    terminalNo: z.string().regex(TERMINAL_NO.pattern, { message: TERMINAL_NO.rule }).default('T01'),
    businessType: BusinessTypeSchema.default(1),
    operatorNo: z.string().min(1).max(32).default('1001'),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    gateway: z
      .object({
        /** null = start the embedded sandbox gateway. */
        url: HttpUrl.nullable().default(null),
        barCodePath: GatewayPath.default('api/3Pay/KouDaiLQ/BarCode'),
        queryPath: GatewayPath.default('api/3Pay/KouDaiLQ/Query'),
        /** ScanCode: the payer scans the counter's QR. */
        scanCodePath: GatewayPath.default('api/3Pay/KouDaiLQ/ScanCode'),
        /** Where a ScanCode reply carries the QR: a dotted path inside `tag`; null = the first URL-like string. */
        scanCodeQrField: QrFieldPathSchema.nullable().default(null),
        queryBillType: z.string().default(''),
        queryPayType: z.string().default(''),
        requestTimeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
        queryTimeoutMs: z.number().int().min(500).max(60_000).default(5_000),
        /** How long the cashier waits before the attempt becomes unconfirmed. */
        paymentDeadlineMs: z.number().int().min(10_000).max(600_000).default(60_000),
        /** Longest bill number the gateway ever sees (its Query endpoints allow 20 in `billnum`). */
        maxBillNumLength: z
          .number()
          .int()
          .min(12, { message: 'at least 12 characters' })
          .max(32, { message: 'at most 32 characters' })
          .default(20),
      })
      .strict()
      .prefault({}),
    backOffice: z
      .object({
        feedUrl: HttpUrl.nullable().default(null),
      })
      .strict()
      .prefault({}),
    browserShell: z
      .object({
        host: z.literal('127.0.0.1').default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(4780),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
        maxBytes: z.number().int().min(10_000).default(5_000_000),
        keep: z.number().int().min(1).max(50).default(5),
      })
      .strict()
      .prefault({}),
    /** Receipt printer: the name the OS knows it by (null = the system default) and the paper width. */
    printer: z
      .object({
        name: z.string().min(1).max(200).nullable().default(null),
        paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
      })
      .strict()
      .prefault({}),
    /** Auto-update (Electron shell only): off by default; `url` is the generic-provider feed. */
    updates: z
      .object({
        enabled: z.boolean().default(false),
        url: HttpsUrl.nullable().default(null),
        checkEveryMinutes: z.number().int().min(15).max(10_080).default(240),
      })
      .strict()
      .prefault({}),
    /**
     * Sign-in sessions (main/session): a screen that lost its connection (page reload, network
     * blip) may take its session back within this grace period; after it, or after a restart,
     * the counter asks for sign-in again.
     */
    session: z
      .object({
        reconnectGraceMs: z.number().int().min(0).max(600_000).default(30_000),
      })
      .strict()
      .prefault({}),
    /** Printed on every receipt: shop name, header and footer lines (app/receipt/settings.ts has the limits). */
    receipt: ReceiptTextsSchema.prefault({}),
    /** First-run setup (main/setup): when and by whom it was completed; null = not yet. */
    setup: z
      .object({
        completedAt: z.iso.datetime().nullable().default(null),
        completedBy: z.string().min(1).max(32).nullable().default(null),
      })
      .strict()
      .prefault({}),
    /** Payments (main/payments). */
    payment: z
      .object({
        /**
         * Payment codes accepted besides the wallets' (WeChat, Alipay, UnionPay): regular
         * expressions matched against the whole code, digits only, e.g. a local wallet's "88\\d{16}".
         */
        extraCodePatterns: z
          .array(
            z
              .string()
              .min(1, { message: 'a pattern may not be empty' })
              .max(200, { message: 'at most 200 characters' })
              .refine(
                (src) => {
                  try {
                    new RegExp(`^(?:${src})$`);
                    return true;
                  } catch {
                    return false;
                  }
                },
                { message: 'not a valid regular expression' },
              ),
          )
          .max(20, { message: 'at most 20 patterns' })
          .default([]),
        /** The QR the cashier's QR key shows first (wxPubQR, alipayQR, unionpayDynamic, dynamicPay). */
        defaultQrPayType: QrPayTypeSchema.default(DEFAULT_QR_PAY_TYPE),
      })
      .strict()
      .prefault({}),
    /**
     * Back offices the counter posts to (main/backoffice). Xiaobao ERP: `url` null = not
     * configured. The accessKeySecret is NEVER in this file (an unknown key is refused): it comes
     * from COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET or the secret store (main/backoffice/xiaobao/settings.ts).
     */
    backOffices: z
      .object({
        xiaobao: z
          .object({
            /** e.g. https://openplatform-api.xiaobao100.com/open-erp (token at {url}/token/get_token, calls at {url}/OpenApi/…). */
            url: HttpUrl.nullable().default(null),
            accessKeyId: z.string().min(1).max(200).nullable().default(null),
            corpId: z.string().min(1).max(100).nullable().default(null),
            /** 经办校区Id sent with every top-up and refund. */
            schoolId: z.number().int().positive().nullable().default(null),
            /** Counterpay operator number → Xiaobao 经办人ID (operatorId); unmapped operators use defaultOperatorId. */
            operatorIds: z.record(z.string().min(1).max(32), z.number().int().positive()).default({}),
            defaultOperatorId: z.number().int().positive().nullable().default(null),
            sign: z
              .object({
                /** xb-sign text encoding: lower-case hex (default), upper-case hex, base64. */
                encoding: z.enum(['hex', 'HEX', 'base64']).default('hex'),
                /** Success rule: code == 200 (default, the seed's `code`) or state == 0. */
                success: z.enum(['code-200', 'state-0']).default('code-200'),
              })
              .strict()
              .prefault({}),
            /** Tender kind → the ERP account name (accountInfos.accountName) a top-up is booked to. */
            accounts: z
              .object({
                barcode: z.string().min(1).max(100).default('扫码支付'),
                cash: z.string().min(1).max(100).default('现金'),
                'stored-value': z.string().min(1).max(100).default('储值卡'),
              })
              .strict()
              .prefault({}),
            timeoutMs: z.number().int().min(1000).max(60_000).default(10_000),
            /** Wait this long after an unclear post before looking it up at the ERP (poster settleMs). */
            settleMs: z.number().int().min(500).max(600_000).default(60_000),
            /** How far back the counter's student finder searches the ERP's orders (days). */
            studentSearchDays: z.number().int().min(1).max(366).default(90),
          })
          .strict()
          .prefault({}),
        /** KesionEDU batch enrollment and the smart-campus card packages (main/backoffice/config.ts). */
        kesion: KesionConfigSchema.prefault({}),
        campus: CampusConfigSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    /**
     * The customer display (main/display): a second screen facing the payer. Electron opens it
     * on `screen` (an index into the OS's displays, or 'auto' = the first non-primary one) when
     * `enabled`; the browser shell always serves it at /display with its own read-only token.
     * `slidesDir`: the folder of idle slideshow images (png/jpg/webp), null = none.
     */
    display: z
      .object({
        enabled: z.boolean().default(false),
        screen: z
          .union([
            z.literal('auto'),
            z.number().int().min(0, { message: 'at least 0' }).max(15, { message: 'at most 15' }),
          ])
          .default('auto'),
        slidesDir: z.string().min(1).max(1000, { message: 'at most 1000 characters' }).nullable().default(null),
        slideIntervalMs: z
          .number()
          .int()
          .min(1000, { message: 'at least 1000 ms' })
          .max(600_000, { message: 'at most 600000 ms' })
          .default(8000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends Error {
  readonly file: string;
  readonly issues: { field: string; message: string }[];
  constructor(file: string, issues: { field: string; message: string }[]) {
    super(
      `Invalid configuration in ${file}:\n` + issues.map((i) => `  - ${i.field || '(file)'}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COUNTERPAY_DATA_DIR) return path.resolve(env.COUNTERPAY_DATA_DIR);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'Counterpay');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Counterpay');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'counterpay');
}

export function configFile(dataDir: string): string {
  return path.join(dataDir, 'config.json');
}

function issuesOf(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
}

/** Parse a config object (already read from the file), naming `file` in any error. */
export function parseConfig(raw: unknown, file: string): Config {
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, issuesOf(parsed.error));
  return parsed.data;
}

/**
 * Load `<dataDir>/config.json` (a missing file means all defaults), then apply environment
 * overrides. Throws ConfigError on any invalid value.
 */
export function loadConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): Config {
  const file = configFile(dataDir);
  let raw: unknown = {};
  if (fs.existsSync(file)) {
    const text = readConfigText(file);
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(file, [{ field: '', message: `not valid JSON (${(e as Error).message})` }]);
    }
  }
  const config = parseConfig(raw, file);
  return applyEnv(config, env);
}

/**
 * Read config.json as text, refusing a file over MAX_CONFIG_BYTES before reading it (a clear
 * error naming the file, its size and the limit).
 */
export function readConfigText(file: string): string {
  const size = fs.statSync(file).size;
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError(file, [
      {
        field: '',
        message: `the file is ${size} bytes; a configuration file may be at most ${MAX_CONFIG_BYTES} bytes (256 KiB)`,
      },
    ]);
  }
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function applyEnv(config: Config, env: NodeJS.ProcessEnv): Config {
  const next: Config = structuredClone(config);
  const problems: { field: string; message: string }[] = [];
  if (env.COUNTERPAY_GATEWAY_URL !== undefined && env.COUNTERPAY_GATEWAY_URL !== '') {
    const r = HttpUrl.safeParse(env.COUNTERPAY_GATEWAY_URL);
    if (r.success) next.gateway.url = r.data;
    else problems.push({ field: 'COUNTERPAY_GATEWAY_URL', message: 'must be an http(s) URL' });
  }
  if (env.COUNTERPAY_FEED_URL !== undefined && env.COUNTERPAY_FEED_URL !== '') {
    const r = HttpUrl.safeParse(env.COUNTERPAY_FEED_URL);
    if (r.success) next.backOffice.feedUrl = r.data;
    else problems.push({ field: 'COUNTERPAY_FEED_URL', message: 'must be an http(s) URL' });
  }
  if (env.COUNTERPAY_PORT !== undefined && env.COUNTERPAY_PORT !== '') {
    const port = Number(env.COUNTERPAY_PORT);
    if (Number.isInteger(port) && port >= 0 && port <= 65535) next.browserShell.port = port;
    else problems.push({ field: 'COUNTERPAY_PORT', message: 'must be an integer from 0 to 65535' });
  }
  if (env.COUNTERPAY_LOG_LEVEL) {
    const r = ConfigSchema.shape.log.unwrap().shape.level.safeParse(env.COUNTERPAY_LOG_LEVEL);
    if (r.success) next.log.level = r.data;
    else problems.push({ field: 'COUNTERPAY_LOG_LEVEL', message: 'must be debug, info, warn or error' });
  }
  applyBackOfficeEnv(next, env, problems);
  const edu = applyBackOfficesEnv({ kesion: next.backOffices.kesion, campus: next.backOffices.campus }, env);
  next.backOffices.kesion = edu.config.kesion;
  next.backOffices.campus = edu.config.campus;
  problems.push(...edu.problems);
  if (problems.length > 0) throw new ConfigError('environment', problems);
  return next;
}

/** Write a config file atomically (write to a temp file, then rename). */
export function saveConfig(dataDir: string, config: ConfigInput): Config {
  const file = configFile(dataDir);
  const parsed = parseConfig(config, file);
  const bytes = Buffer.byteLength(JSON.stringify(parsed, null, 2) + '\n');
  if (bytes > MAX_CONFIG_BYTES) {
    throw new ConfigError(file, [
      {
        field: '',
        message: `would be ${bytes} bytes; a configuration file may be at most ${MAX_CONFIG_BYTES} bytes (256 KiB)`,
      },
    ]);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(parsed, null, 2) + '\n');
  fs.renameSync(tmp, file);
  return parsed;
}

/**
 * Back-office environment overrides: COUNTERPAY_XIAOBAO_URL, COUNTERPAY_XIAOBAO_ACCESS_KEY_ID,
 * COUNTERPAY_XIAOBAO_CORP_ID. (COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET is read where the secret is
 * needed — main/backoffice/xiaobao/settings.ts — and never enters Config, so it is never saved.)
 */
function applyBackOfficeEnv(
  next: Config,
  env: NodeJS.ProcessEnv,
  problems: { field: string; message: string }[],
): void {
  const xb = ConfigSchema.shape.backOffices.unwrap().shape.xiaobao.unwrap().shape;
  const set = <K extends 'url' | 'accessKeyId' | 'corpId'>(name: string, key: K, message: string) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return;
    const r = xb[key].safeParse(raw);
    if (r.success) next.backOffices.xiaobao[key] = r.data as Config['backOffices']['xiaobao'][K];
    else problems.push({ field: name, message });
  };
  set('COUNTERPAY_XIAOBAO_URL', 'url', 'must be an http(s) URL');
  set('COUNTERPAY_XIAOBAO_ACCESS_KEY_ID', 'accessKeyId', '1–200 characters');
  set('COUNTERPAY_XIAOBAO_CORP_ID', 'corpId', '1–100 characters');
}
