import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { BusinessTypeSchema } from '../app/contract/schemas.js';
import { ReceiptTextsSchema } from '../app/receipt/settings.js';

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

export const ConfigSchema = z
  .object({
    terminalNo: z
      .string()
      .regex(/^[A-Za-z0-9]{1,8}$/, { message: '1–8 letters or digits' })
      .default('T01'),
    businessType: BusinessTypeSchema.default(1),
    operatorNo: z.string().min(1).max(32).default('1001'),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    gateway: z
      .object({
        /** null = start the embedded sandbox gateway. */
        url: HttpUrl.nullable().default(null),
        barCodePath: z.string().min(1).default('api/3Pay/KouDaiLQ/BarCode'),
        queryPath: z.string().min(1).default('api/3Pay/KouDaiLQ/Query'),
        queryBillType: z.string().default(''),
        queryPayType: z.string().default(''),
        requestTimeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
        queryTimeoutMs: z.number().int().min(500).max(60_000).default(5_000),
        /** How long the cashier waits before the attempt becomes unconfirmed. */
        paymentDeadlineMs: z.number().int().min(10_000).max(600_000).default(60_000),
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
        url: HttpUrl.nullable().default(null),
        checkEveryMinutes: z.number().int().min(15).max(10_080).default(240),
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
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ConfigError(file, [{ field: '', message: `not valid JSON (${(e as Error).message})` }]);
    }
  }
  const config = parseConfig(raw, file);
  return applyEnv(config, env);
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
  if (problems.length > 0) throw new ConfigError('environment', problems);
  return next;
}

/** Write a config file atomically (write to a temp file, then rename). */
export function saveConfig(dataDir: string, config: ConfigInput): Config {
  const file = configFile(dataDir);
  const parsed = parseConfig(config, file);
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(parsed, null, 2) + '\n');
  fs.renameSync(tmp, file);
  return parsed;
}
