import fs from 'node:fs';
import { SECRET_NAMES, SetupSettingsSchema, type PrinterInfo, type SecretName } from '../../app/contract/setup.js';
import { AppError } from '../../app/result.js';
import {
  ConfigError,
  ConfigSchema,
  configFile,
  parseConfig,
  readConfigText,
  saveConfig,
  type Config,
  type ConfigInput,
} from '../config.js';
import { redactUrl } from '../diagnostics/redact.js';
import type { CallContext } from '../handlers/dispatch.js';
import { applySettings, changedFields, ENV_OVERRIDES, settingsOf } from './settings-map.js';
import type { SetupAudit, SetupService, SetupServiceOptions } from './service-types.js';
import { testGatewayConnection } from './test-connection.js';

/**
 * First-run setup and later configuration changes (installer-facing).
 *
 * - Reads and writes `<dataDir>/config.json` (only what the file says — environment overrides
 *   are reported, never written back) with `saveConfig` (validated, atomic).
 * - Secrets go to the SecretStore, never to config.json or logs; logs and the audit trail name
 *   what changed, never a value.
 * - The first supervisor is created through the operators module (salted scrypt PIN).
 * - Access: free while the counter is not configured yet; afterwards only a connection a
 *   supervisor authorised with operator number + PIN (`authorize`) — every opening of 系统设置
 *   asks for the PIN, even with a supervisor signed in. The authorisation ends when the dialog
 *   closes (`revoke`), on sign-out, when the connection closes, or after `authorizeTtlMs`
 *   without use. Wrong PINs are throttled per connection and never lock the account.
 * - The stored gateway secret goes only to the origin of the gateway URL it was saved with.
 * - Changes take effect after a restart (the core reads the configuration once at start); the
 *   status lists the saved fields the running app has not applied.
 */

export type { SetupAudit, SetupOperators, SetupService, SetupServiceOptions } from './service-types.js';

export function createSetupService(opts: SetupServiceOptions): SetupService {
  const { dataDir, log, now } = opts;
  const file = configFile(dataDir);
  const ttl = opts.authorizeTtlMs ?? 10 * 60_000;
  const freeFailures = opts.authorizeFreeFailures ?? 3;
  const baseDelay = opts.authorizeBaseDelayMs ?? 5_000;
  const maxDelay = opts.authorizeMaxDelayMs ?? 5 * 60_000;
  const authorized = new Map<string, number>(); // connectionId → until (slides with use)
  /** Wrong setup PINs per connection: how many, and when the next try is allowed. */
  const throttle = new Map<string, { failures: number; retryAt: number }>();
  const anonymousBudget = opts.authorizeAnonymousBudget ?? 30;
  const windowMs = opts.authorizeWindowMs ?? 10 * 60_000;
  /** When recent wrong setup PINs from connections with nobody signed in happened. */
  let anonymousFailures: number[] = [];
  const secretsChanged = new Set<string>();
  const record: SetupAudit = opts.audit ?? (() => {});

  function fileConfig(): Config {
    if (!fs.existsSync(file)) return ConfigSchema.parse({});
    const text = readConfigText(file);
    let raw: unknown;
    try {
      raw = JSON.parse(text) as unknown;
    } catch (e) {
      throw new ConfigError(file, [{ field: '', message: `not valid JSON (${(e as Error).message})` }]);
    }
    return parseConfig(raw, file);
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
    const until = authorized.get(ctx.connectionId);
    if (until !== undefined && until > now()) {
      authorized.set(ctx.connectionId, now() + ttl);
      return true;
    }
    if (until !== undefined) authorized.delete(ctx.connectionId);
    return false;
  }

  /** The origins the stored gateway secret was saved for (config.json's gateway URL, or the running one). */
  function secretOrigins(c: Config): Set<string> {
    const out = new Set<string>();
    for (const u of [c.gateway.url, opts.running.gateway.url]) {
      if (!u) continue;
      try {
        out.add(new URL(u).origin);
      } catch {
        // not a URL: no origin
      }
    }
    return out;
  }

  function originOf(u: string): string | null {
    try {
      return new URL(u).origin;
    } catch {
      return null;
    }
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
        throw new AppError(
          'supervisor-required',
          '需要主管登录或输入主管密码 / a supervisor must sign in or enter their PIN',
        );
      }
    },

    async authorize(ctx, operatorNo, pin) {
      const t = throttle.get(ctx.connectionId);
      if (t && t.retryAt > now()) {
        throw new AppError(
          'pin-throttled',
          `too many wrong PINs on this screen; try again after ${new Date(t.retryAt).toISOString()}`,
          {
            retryAt: t.retryAt,
          },
        );
      }
      const anonymous = (opts.operatorFor?.(ctx.connectionId) ?? null) === null;
      anonymousFailures = anonymousFailures.filter((at) => at > now() - windowMs);
      if (anonymous && anonymousFailures.length >= anonymousBudget) {
        const retryAt = anonymousFailures[0]! + windowMs;
        throw new AppError(
          'pin-throttled',
          'too many wrong setup PINs from screens where nobody is signed in; sign in first, or wait',
          {
            retryAt,
            signInFirst: true,
          },
        );
      }
      let op;
      try {
        // Whoever holds the page token can call this without signing in: a wrong PIN here is
        // throttled on this connection, never counted towards the supervisor's account lockout.
        op = await opts.operators.verifyPin(operatorNo, pin, { role: 'supervisor', countFailures: false });
      } catch (e) {
        if (e instanceof AppError && (e.code === 'pin-wrong' || e.code === 'supervisor-required')) {
          const failures = (throttle.get(ctx.connectionId)?.failures ?? 0) + 1;
          const over = failures - freeFailures;
          const retryAt = over >= 0 ? now() + Math.min(maxDelay, baseDelay * 2 ** over) : 0;
          throttle.set(ctx.connectionId, { failures, retryAt });
          if (anonymous) anonymousFailures.push(now());
          log.info('setup.authorize-failed', { connectionId: ctx.connectionId, failures, retryAt: retryAt || null });
        }
        throw e;
      }
      throttle.delete(ctx.connectionId);
      const until = now() + ttl;
      authorized.set(ctx.connectionId, until);
      record({
        action: 'setup.authorized',
        operatorNo: op.operatorNo,
        authorisedBy: op.operatorNo,
        subject: `connection:${ctx.connectionId}`,
      });
      log.info('setup.authorized', { operatorNo: op.operatorNo, connectionId: ctx.connectionId });
      return { until };
    },

    revoke(connectionId, reason) {
      const held = authorized.delete(connectionId);
      if (reason === 'disconnected') throttle.delete(connectionId);
      if (held) log.info('setup.authorization-ended', { connectionId, reason });
      return held;
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
        gatewayUrlInUse: opts.running.gateway.url ? redactUrl(opts.running.gateway.url) : null,
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
        throw new AppError(
          'supervisor-required',
          '需要主管登录或输入主管密码 / a supervisor must sign in or enter their PIN',
        );
      }
      const settings = SetupSettingsSchema.parse(rawInput.settings);
      if (settings.updates.enabled && settings.updates.url === null) {
        throw new AppError(
          'invalid-input',
          'updates.url: 启用自动更新需要填写更新地址 / an update URL is required to enable updates',
          {
            issues: [{ field: 'settings.updates.url', message: 'required when updates are enabled' }],
          },
        );
      }
      const firstRun = current.setup.completedAt === null;
      const by = actor(ctx);
      // A stored gateway secret belongs to the origin it was saved with: moving the gateway to
      // another origin needs the secret typed again (or removed), or it would follow the URL.
      const newOrigin = settings.gateway.url ? originOf(settings.gateway.url) : null;
      const oldOrigin = current.gateway.url ? originOf(current.gateway.url) : null;
      if (
        newOrigin !== oldOrigin &&
        newOrigin !== null &&
        opts.secrets.get('gateway.authorization') !== null &&
        rawInput.secrets?.['gateway.authorization'] === undefined
      ) {
        const message =
          '网关地址换到了另一台服务器：请重新填写网关授权信息，或清除它 / the gateway moved to another server: enter its authorization again, or remove it';
        throw new AppError('invalid-input', message, { issues: [{ field: 'secrets.gateway.authorization', message }] });
      }

      // 1. The supervisor account (hashing the PIN takes a moment; nothing is written before it).
      let createdSupervisor: string | null = null;
      if (rawInput.supervisor) {
        const s = rawInput.supervisor;
        let op;
        try {
          op = await opts.operators.add(
            { operatorNo: s.operatorNo.trim(), name: s.name.trim(), role: 'supervisor', pin: s.pin },
            by,
          );
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
        const v = (rawInput.secrets as Partial<Record<SecretName, string | null>> | undefined)?.[name];
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
        } else if (c.gateway.url ?? opts.running.gateway.url) {
          // the saved URL, else the one in use (an environment override such as COUNTERPAY_GATEWAY_URL)
          url = (c.gateway.url ?? opts.running.gateway.url)!;
        } else {
          throw new AppError('invalid-input', '请填写网关地址 / enter the gateway URL', {
            issues: [{ field: 'url', message: 'required' }],
          });
        }
      }
      // A secret typed into the form goes where the form says; the stored one only to the
      // origin it was saved for — never to a URL someone typed into the test.
      const stored = opts.secrets.get('gateway.authorization');
      const sameOrigin = !sandbox && originOf(url) !== null && secretOrigins(c).has(originOf(url)!);
      let authorization: string | null = null;
      let sent: 'stored' | 'typed' | 'none' = 'none';
      if (input.authorization) {
        authorization = input.authorization;
        sent = 'typed';
      } else if (input.useStoredAuthorization !== false && stored && sameOrigin) {
        authorization = stored;
        sent = 'stored';
      }
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
        authorization: sent,
      });
      return { ...result, url: redactUrl(result.url), sandbox, authorization: sent };
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
