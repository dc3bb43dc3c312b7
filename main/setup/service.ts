import fs from 'node:fs';
import {
  SECRET_NAMES,
  SetupSettingsSchema,
  type ConnectionTestResult,
  type PrinterInfo,
  type SecretName,
  type SetupSaveInput,
  type SetupSaveResult,
  type SetupSettings,
  type SetupState,
  type SetupStatus,
} from '../../app/contract/setup.js';
import { AppError } from '../../app/result.js';
import { ConfigSchema, configFile, parseConfig, saveConfig, type Config, type ConfigInput } from '../config.js';
import { redactUrl } from '../diagnostics/redact.js';
import type { CallContext } from '../handlers/dispatch.js';
import type { Logger } from '../log.js';
import type { OperatorService } from '../store/operators.js';
import type { SecretStore } from './secret-store.js';
import { testGatewayConnection } from './test-connection.js';

/**
 * First-run setup and later configuration changes (installer-facing).
 *
 * - Reads and writes `<dataDir>/config.json` (only what the file says — environment overrides
 *   are reported, never written back) with `saveConfig` (validated, atomic).
 * - Secrets go to the SecretStore, never to config.json or logs; logs and the audit trail name
 *   what changed, never a value.
 * - The first supervisor is created through the operators module (salted scrypt PIN).
 * - Access: free while the counter is not configured yet; afterwards a signed-in supervisor, or
 *   a connection a supervisor authorised with operator number + PIN (`authorize`, a few minutes).
 * - Changes take effect after a restart (the core reads the configuration once at start); the
 *   status lists the saved fields the running app has not applied.
 */

export interface SetupOperators {
  list: OperatorService['list'];
  get: OperatorService['get'];
  add: OperatorService['add'];
  verifyPin: OperatorService['verifyPin'];
}

export interface SetupAudit {
  (entry: { action: string; operatorNo?: string | null; authorisedBy?: string | null; subject?: string | null; detail?: Record<string, unknown> | null }): void;
}

export interface SetupServiceOptions {
  dataDir: string;
  shell: 'electron' | 'browser' | 'memory';
  /** The environment the core was started with (to report overrides). */
  env: NodeJS.ProcessEnv;
  /** The configuration the running core uses (environment overrides included). */
  running: Config;
  secrets: SecretStore;
  operators: SetupOperators;
  /** Who is signed in on a connection (the session service); null when nobody. */
  operatorFor?: (connectionId: string) => { operatorNo: string; role: 'cashier' | 'supervisor' } | null;
  now: () => number;
  log: Logger;
  audit?: SetupAudit;
  /** URL of the embedded sandbox gateway when the core runs one. */
  sandboxUrl?: () => string | null;
  /** OS printers (Electron: webContents.getPrintersAsync). */
  listPrinters?: () => Promise<PrinterInfo[]>;
  /** Number of connected scanners (scanner service). */
  countScanners?: () => number;
  /** Restart the app (Electron: relaunch + exit). */
  restart?: () => void;
  updatesSupported?: boolean;
  /** How long a supervisor's `authorize` lasts (default 10 minutes). */
  authorizeTtlMs?: number;
  /** Timeout of the connection test (default 8 s). */
  testTimeoutMs?: number;
}

export interface SetupService {
  state(): SetupState;
  status(): Promise<SetupStatus>;
  /** Throws AppError supervisor-required unless this caller may change the setup. */
  assertAllowed(ctx: CallContext): void;
  authorize(ctx: CallContext, operatorNo: string, pin: string): Promise<{ until: number }>;
  save(input: SetupSaveInput, ctx: CallContext): Promise<SetupSaveResult>;
  testConnection(
    input: { url: string | null; queryPath?: string | undefined; useStoredAuthorization?: boolean; authorization?: string | undefined },
  ): Promise<ConnectionTestResult & { sandbox: boolean }>;
  restart(): { restarting: boolean };
  /** The file configuration now (tests, diagnostics). */
  fileConfig(): Config;
}

/** Environment variables that override config fields (see main/config.ts applyEnv). */
export const ENV_OVERRIDES: readonly { variable: string; field: string }[] = [
  { variable: 'COUNTERPAY_GATEWAY_URL', field: 'gateway.url' },
  { variable: 'COUNTERPAY_FEED_URL', field: 'backOffice.feedUrl' },
  { variable: 'COUNTERPAY_PORT', field: 'browserShell.port' },
  { variable: 'COUNTERPAY_LOG_LEVEL', field: 'log.level' },
];

function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Dotted paths whose values differ. */
export function changedFields(a: unknown, b: unknown): string[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const keys = new Set([...fa.keys(), ...fb.keys()]);
  return [...keys].filter((k) => JSON.stringify(fa.get(k)) !== JSON.stringify(fb.get(k))).sort();
}

export function settingsOf(c: Config): SetupSettings {
  return {
    terminalNo: c.terminalNo,
    businessType: c.businessType,
    locale: c.locale,
    gateway: { url: c.gateway.url, barCodePath: c.gateway.barCodePath, queryPath: c.gateway.queryPath },
    backOffice: { feedUrl: c.backOffice.feedUrl },
    printer: { name: c.printer.name, paperWidthMm: c.printer.paperWidthMm },
    log: { level: c.log.level },
    updates: { enabled: c.updates.enabled, url: c.updates.url },
    receipt: { shopName: c.receipt.shopName, headerLines: [...c.receipt.headerLines], footerLines: [...c.receipt.footerLines] },
  };
}

function applySettings(c: Config, s: SetupSettings): Config {
  return {
    ...c,
    terminalNo: s.terminalNo,
    businessType: s.businessType,
    locale: s.locale,
    gateway: { ...c.gateway, url: s.gateway.url, barCodePath: s.gateway.barCodePath, queryPath: s.gateway.queryPath },
    backOffice: { ...c.backOffice, feedUrl: s.backOffice.feedUrl },
    printer: { ...c.printer, name: s.printer.name, paperWidthMm: s.printer.paperWidthMm },
    log: { ...c.log, level: s.log.level },
    updates: { ...c.updates, enabled: s.updates.enabled, url: s.updates.url },
    receipt: s.receipt ?? c.receipt,
  };
}

export function createSetupService(opts: SetupServiceOptions): SetupService {
  const { dataDir, log, now } = opts;
  const file = configFile(dataDir);
  const ttl = opts.authorizeTtlMs ?? 10 * 60_000;
  const authorized = new Map<string, number>(); // connectionId → until
  const secretsChanged = new Set<string>();
  const record: SetupAudit = opts.audit ?? (() => {});

  function fileConfig(): Config {
    if (!fs.existsSync(file)) return ConfigSchema.parse({});
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    return parseConfig(JSON.parse(text) as unknown, file);
  }

  const envOverrides = (): { field: string; variable: string }[] =>
    ENV_OVERRIDES.filter((o) => {
      const v = opts.env[o.variable];
      return v !== undefined && v !== '';
    }).map((o) => ({ field: o.field, variable: o.variable }));

  /** Saved fields the running core does not use yet. */
  function pendingRestart(current: Config): string[] {
    const overridden = new Set(envOverrides().map((o) => o.field));
    const fields = changedFields(current, opts.running).filter((f) => !f.startsWith('setup.') && !overridden.has(f));
    return [...fields, ...[...secretsChanged].map((n) => `secrets.${n}`)].sort();
  }

  const supervisors = (): number => opts.operators.list().filter((o) => o.role === 'supervisor' && o.active).length;

  function allowed(ctx: CallContext, current: Config): boolean {
    if (current.setup.completedAt === null) return true;
    if (opts.operatorFor?.(ctx.connectionId)?.role === 'supervisor') return true;
    const until = authorized.get(ctx.connectionId);
    if (until !== undefined && until > now()) return true;
    if (until !== undefined) authorized.delete(ctx.connectionId);
    return false;
  }

  function actor(ctx: CallContext): string | null {
    return opts.operatorFor?.(ctx.connectionId)?.operatorNo ?? null;
  }

  return {
    fileConfig,

    state() {
      const c = fileConfig();
      return { needsSetup: c.setup.completedAt === null, completedAt: c.setup.completedAt };
    },

    assertAllowed(ctx) {
      if (!allowed(ctx, fileConfig())) {
        throw new AppError('supervisor-required', '需要主管登录或输入主管密码 / a supervisor must sign in or enter their PIN');
      }
    },

    async authorize(ctx, operatorNo, pin) {
      const op = await opts.operators.verifyPin(operatorNo, pin, { role: 'supervisor' });
      const until = now() + ttl;
      authorized.set(ctx.connectionId, until);
      record({ action: 'setup.authorized', operatorNo: op.operatorNo, authorisedBy: op.operatorNo, subject: `connection:${ctx.connectionId}` });
      log.info('setup.authorized', { operatorNo: op.operatorNo, connectionId: ctx.connectionId });
      return { until };
    },

    async status() {
      const c = fileConfig();
      const pending = pendingRestart(c);
      let printers: PrinterInfo[] | null = null;
      if (opts.listPrinters) {
        try {
          printers = await opts.listPrinters();
        } catch (e) {
          log.warn('setup.printers-failed', { error: e instanceof Error ? e.message : String(e) });
        }
      }
      let scanners: number | null = null;
      try {
        scanners = opts.countScanners ? opts.countScanners() : null;
      } catch {
        scanners = null;
      }
      return {
        needsSetup: c.setup.completedAt === null,
        completedAt: c.setup.completedAt,
        completedBy: c.setup.completedBy,
        shell: opts.shell,
        dataDir,
        configFile: file,
        settings: settingsOf(c),
        envOverrides: envOverrides(),
        secrets: SECRET_NAMES.map((name) => ({ name, set: opts.secrets.names().includes(name) })),
        secretStorage: {
          kind: opts.secrets.kind,
          encrypted: opts.secrets.encrypted,
          zh: opts.secrets.description.zh,
          en: opts.secrets.description.en,
        },
        supervisors: supervisors(),
        sandboxUrl: opts.sandboxUrl?.() ?? null,
        restart: { required: pending.length > 0, fields: pending },
        canRestart: opts.restart !== undefined,
        printers,
        scanners,
        updatesSupported: opts.updatesSupported ?? false,
      };
    },

    async save(rawInput, ctx) {
      const current = fileConfig();
      if (!allowed(ctx, current)) {
        throw new AppError('supervisor-required', '需要主管登录或输入主管密码 / a supervisor must sign in or enter their PIN');
      }
      const settings = SetupSettingsSchema.parse(rawInput.settings);
      if (settings.updates.enabled && settings.updates.url === null) {
        throw new AppError('invalid-input', 'updates.url: 启用自动更新需要填写更新地址 / an update URL is required to enable updates', {
          issues: [{ field: 'settings.updates.url', message: 'required when updates are enabled' }],
        });
      }
      const firstRun = current.setup.completedAt === null;
      const by = actor(ctx);

      // 1. The supervisor account (hashing the PIN takes a moment; nothing is written before it).
      let createdSupervisor: string | null = null;
      if (rawInput.supervisor) {
        const s = rawInput.supervisor;
        let op;
        try {
          op = await opts.operators.add({ operatorNo: s.operatorNo.trim(), name: s.name.trim(), role: 'supervisor', pin: s.pin }, by);
        } catch (e) {
          // Name the form field (supervisor.operatorNo / .pin / .name) like the input validation does.
          if (e instanceof AppError && e.code === 'invalid-input') {
            const field = `supervisor.${typeof e.details?.['field'] === 'string' ? e.details['field'] : 'operatorNo'}`;
            throw new AppError('invalid-input', e.message, { ...e.details, issues: [{ field, message: e.message }] });
          }
          throw e;
        }
        createdSupervisor = op.operatorNo;
        record({ action: 'setup.supervisor-created', operatorNo: by, subject: `operator:${op.operatorNo}` });
      }
      const finishing = rawInput.finish === true && firstRun;
      if (finishing && supervisors() === 0) {
        throw new AppError('supervisor-required', '请先创建主管账户 / create the supervisor account first', {
          issues: [{ field: 'supervisor', message: 'required to finish setup' }],
        });
      }

      // 2. Secrets (only names are ever logged).
      const secretChanges: string[] = [];
      for (const name of SECRET_NAMES) {
        const v = rawInput.secrets?.[name as SecretName];
        if (v === undefined) continue;
        const before = opts.secrets.get(name);
        if (v === before) continue;
        opts.secrets.set(name, v);
        secretsChanged.add(name);
        secretChanges.push(`secrets.${name}${v === null ? ' (removed)' : ''}`);
      }

      // 3. config.json
      let next = applySettings(current, settings);
      if (finishing) {
        next = { ...next, setup: { completedAt: new Date(now()).toISOString(), completedBy: createdSupervisor ?? by } };
      }
      const changed = changedFields(current, next);
      if (changed.length > 0) saveConfig(dataDir, next as ConfigInput);
      // The installer who just created the supervisor keeps working on this connection for a
      // while (restart, diagnostics) as if authorised with that supervisor's PIN.
      if (finishing) authorized.set(ctx.connectionId, now() + ttl);

      const all = [...changed, ...secretChanges];
      const pending = pendingRestart(next);
      record({
        action: finishing ? 'setup.completed' : 'setup.saved',
        operatorNo: by,
        subject: 'config',
        detail: { changed: all },
      });
      log.info(finishing ? 'setup.completed' : 'setup.saved', { changed: all, restartRequired: pending.length > 0 });
      return {
        status: await this.status(),
        changed: all,
        restartRequired: pending.length > 0,
        createdSupervisor,
      };
    },

    async testConnection(input) {
      const c = fileConfig();
      let url = input.url;
      let sandbox = false;
      if (url === null) {
        const sb = opts.sandboxUrl?.() ?? null;
        if (sb) {
          url = sb;
          sandbox = true;
        } else if (c.gateway.url) {
          url = c.gateway.url;
        } else {
          throw new AppError('invalid-input', '请填写网关地址 / enter the gateway URL', {
            issues: [{ field: 'url', message: 'required' }],
          });
        }
      }
      const authorization =
        input.authorization ?? (input.useStoredAuthorization === false ? null : opts.secrets.get('gateway.authorization'));
      const result = await testGatewayConnection({
        url,
        queryPath: input.queryPath ?? c.gateway.queryPath,
        timeoutMs: opts.testTimeoutMs ?? 8000,
        authorization,
        billtype: c.gateway.queryBillType,
        paytype: c.gateway.queryPayType,
      });
      log.info('setup.test-connection', {
        url: redactUrl(result.url),
        kind: result.kind,
        httpStatus: result.httpStatus,
        latencyMs: result.latencyMs,
        errorCode: result.errorCode,
      });
      return { ...result, url: redactUrl(result.url), sandbox };
    },

    restart() {
      if (!opts.restart) return { restarting: false };
      log.info('setup.restart', {});
      // Reply first, then restart.
      setTimeout(() => opts.restart?.(), 200);
      return { restarting: true };
    },
  };
}
