/**
 * The back offices' setup sections (系统设置 / 首次设置; docs/ARCHITECTURE.md, "Back-office
 * infrastructure"): read and save backOffices.{xiaobao,kesion,campus} of config.json, their
 * secrets in the secret store, and 测试连接 with the values as typed. Saved changes take effect
 * after a restart, like every setup change.
 */
import type {
  BackOfficeSaveInput,
  BackOfficeSetup,
  BackOfficeSetupStatus,
  BackOfficeSystemName,
  BackOfficeTestResult,
} from '../../app/contract/backoffice.js';
import { BACK_OFFICE_SECRET_NAMES, BackOfficeSaveInputSchema } from '../../app/contract/backoffice.js';
import { AppError } from '../../app/result.js';
import { ConfigError, ConfigSchema, saveConfig, type Config, type ConfigInput } from '../config.js';
import { checkBackOffice, type XiaobaoCheckOptions } from './checks.js';
import { QR_CHANNELS } from './campus/schema.js';
import { resolveBackOffices, type BackOfficeSource, type BackOfficeSystem, type ReadSecret } from './effective.js';

/** Environment variables that override a back-office field (shown read-only in the sections). */
export const BACK_OFFICE_ENV_OVERRIDES = [
  { field: 'xiaobao.url', variable: 'COUNTERPAY_XIAOBAO_URL' },
  { field: 'xiaobao.accessKeyId', variable: 'COUNTERPAY_XIAOBAO_ACCESS_KEY_ID' },
  { field: 'xiaobao.accessKeySecret', variable: 'COUNTERPAY_XIAOBAO_ACCESS_KEY_SECRET' },
  { field: 'xiaobao.corpId', variable: 'COUNTERPAY_XIAOBAO_CORP_ID' },
  { field: 'kesion.url', variable: 'COUNTERPAY_KESION_URL' },
  { field: 'kesion.apptoken', variable: 'COUNTERPAY_KESION_APPTOKEN' },
  { field: 'campus.url', variable: 'COUNTERPAY_CAMPUS_URL' },
] as const;

const SECRETS_OF: Record<BackOfficeSystem, readonly (typeof BACK_OFFICE_SECRET_NAMES)[number][]> = {
  xiaobao: ['xiaobao.accessKeySecret'],
  kesion: ['kesion.apptoken', 'kesion.apikey'],
  campus: [],
};

export interface BackOfficeSetupDeps {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** config.json as it is now (no environment overrides). */
  fileConfig: () => Config;
  secrets: { get(name: string): string | null; set(name: string, value: string | null): void };
  sources: () => Record<BackOfficeSystem, BackOfficeSource>;
  check?: XiaobaoCheckOptions;
  /** The audit log (main/store/audit.ts): every save that changed something, by field name only. */
  audit?: (entry: {
    action: string;
    operatorNo: string | null;
    subject: string;
    detail: Record<string, unknown>;
  }) => void;
}

/** config.json's backOffices → the sections' values. */
export function setupOf(c: Config['backOffices']): BackOfficeSetup {
  const x = c.xiaobao;
  const k = c.kesion;
  const p = c.campus;
  return {
    xiaobao: {
      url: x.url,
      accessKeyId: x.accessKeyId,
      corpId: x.corpId,
      schoolId: x.schoolId,
      operatorIds: Object.entries(x.operatorIds).map(([operatorNo, operatorId]) => ({ operatorNo, operatorId })),
      defaultOperatorId: x.defaultOperatorId,
      sign: { ...x.sign },
      accounts: { ...x.accounts },
      timeoutMs: x.timeoutMs,
    },
    kesion: {
      url: k.url,
      authPlacement: k.authPlacement,
      balancePayId: k.balancePayId,
      counterPayId: k.counterPayId,
      orderInfoPath: k.orderInfoPath,
      maxIds: k.maxIds,
      timeoutMs: k.timeoutMs,
    },
    campus: {
      url: p.url,
      controller: p.controller,
      amountUnit: p.amountUnit,
      successParam: p.successParam,
      channels: [...p.channels],
      timeoutMs: p.timeoutMs,
    },
  };
}

function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('invalid-input', `${field}: ${zh} / ${en}`, { issues: [{ field, message: en }] });
}

/** The sections' values for one system → config.json's backOffices (the other systems untouched). */
export function applySetup(
  c: Config['backOffices'],
  system: BackOfficeSystemName,
  s: BackOfficeSetup,
): Config['backOffices'] {
  const next = structuredClone(c);
  if (system === 'xiaobao') {
    const seen = new Set<string>();
    const operatorIds: Record<string, number> = {};
    s.xiaobao.operatorIds.forEach((m, i) => {
      if (seen.has(m.operatorNo)) {
        throw invalid(`xiaobao.operatorIds.${i}.operatorNo`, '操作员编号重复', 'operator number listed twice');
      }
      seen.add(m.operatorNo);
      operatorIds[m.operatorNo] = m.operatorId;
    });
    const { operatorIds: _list, ...rest } = s.xiaobao;
    next.xiaobao = { ...next.xiaobao, ...rest, operatorIds };
  } else if (system === 'kesion') {
    next.kesion = { ...next.kesion, ...s.kesion };
  } else {
    s.campus.channels.forEach((ch, i) => {
      if (!(QR_CHANNELS as readonly string[]).includes(ch)) {
        throw invalid(`campus.channels.${i}`, `只能是 ${QR_CHANNELS.join('、')}`, `one of ${QR_CHANNELS.join(', ')}`);
      }
    });
    next.campus = { ...next.campus, ...s.campus, channels: s.campus.channels as (typeof QR_CHANNELS)[number][] };
  }
  return next;
}

function changedPaths(a: unknown, b: unknown, prefix: string, out: string[]): void {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys)
      changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${prefix}.${k}`, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(prefix);
}

export function createBackOfficeSetup(deps: BackOfficeSetupDeps) {
  const envOverrides = () =>
    BACK_OFFICE_ENV_OVERRIDES.filter((o) => {
      const v = deps.env[o.variable];
      return v !== undefined && v !== '';
    }).map((o) => ({ field: o.field, variable: o.variable }));

  function status(): BackOfficeSetupStatus {
    const c = deps.fileConfig();
    const sources = deps.sources();
    return {
      settings: setupOf(c.backOffices),
      secrets: BACK_OFFICE_SECRET_NAMES.map((name) => ({ name, set: deps.secrets.get(name) !== null })),
      envOverrides: envOverrides(),
      sources: (['xiaobao', 'kesion', 'campus'] as const).map((system) => ({ system, source: sources[system] })),
    };
  }

  function parse(raw: BackOfficeSaveInput) {
    return BackOfficeSaveInputSchema.parse(raw);
  }

  function validated(c: Config, backOffices: Config['backOffices']): Config {
    const r = ConfigSchema.safeParse({ ...c, backOffices });
    if (r.success) return r.data;
    const i = r.error.issues[0]!;
    const field = i.path.slice(1).map(String).join('.');
    throw invalid(field, '设置有误', i.message);
  }

  return {
    status,
    save(
      raw: BackOfficeSaveInput,
      by: string | null = null,
    ): { status: BackOfficeSetupStatus; changed: string[]; restartRequired: boolean } {
      const input = parse(raw);
      const current = deps.fileConfig();
      const next = validated(current, applySetup(current.backOffices, input.system, input.settings));
      const changed: string[] = [];
      changedPaths(current.backOffices, next.backOffices, 'backOffices', changed);
      for (const name of SECRETS_OF[input.system]) {
        const v = input.secrets?.[name];
        if (v === undefined || v === deps.secrets.get(name)) continue;
        deps.secrets.set(name, v);
        changed.push(`secrets.${name}`);
      }
      try {
        if (changed.some((f) => f.startsWith('backOffices.'))) saveConfig(deps.dataDir, next as ConfigInput);
      } catch (e) {
        if (e instanceof ConfigError) throw invalid(e.issues[0]?.field ?? 'backOffices', '设置有误', e.message);
        throw e;
      }
      // Field names only: never a value (a secret is a value).
      if (changed.length > 0) {
        deps.audit?.({
          action: 'setup.backoffice-saved',
          operatorNo: by,
          subject: `backoffice:${input.system}`,
          detail: { changed },
        });
      }
      return { status: status(), changed, restartRequired: changed.length > 0 };
    },
    async test(raw: BackOfficeSaveInput): Promise<BackOfficeTestResult> {
      const input = parse(raw);
      const current = deps.fileConfig();
      const typed = validated(current, applySetup(current.backOffices, input.system, input.settings));
      // A stored secret goes only to the host it was saved for; another host needs it typed.
      const savedUrl = (current.backOffices[input.system] as { url: string | null }).url;
      const typedUrl = (typed.backOffices[input.system] as { url: string | null }).url;
      const sameOrigin =
        savedUrl !== null && typedUrl !== null && new URL(savedUrl).origin === new URL(typedUrl).origin;
      const readSecret: ReadSecret = (name) => {
        const v = (input.secrets as Record<string, string | null | undefined> | undefined)?.[name];
        if (v !== undefined) return v;
        return sameOrigin ? deps.secrets.get(name) : null;
      };
      // Environment overrides win, as in the running app (loadConfig applies them).
      const withEnv = applyEnvTo(typed, deps.env);
      const effective = resolveBackOffices(withEnv, deps.env, readSecret);
      const r = await checkBackOffice(input.system, effective, deps.check);
      return r.ok
        ? {
            ok: true,
            latencyMs: r.latencyMs,
            zh: `连接成功（${r.latencyMs} 毫秒）。`,
            en: `Connected (${r.latencyMs} ms).`,
          }
        : { ok: false, latencyMs: null, zh: r.reason, en: r.reasonEn };
    },
  };
}

/** The env-overridable fields of `c` with the environment's values (as loadConfig does). */
function applyEnvTo(c: Config, env: NodeJS.ProcessEnv): Config {
  const next = structuredClone(c);
  const v = (name: string) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  next.backOffices.xiaobao.url = v('COUNTERPAY_XIAOBAO_URL') ?? next.backOffices.xiaobao.url;
  next.backOffices.xiaobao.accessKeyId = v('COUNTERPAY_XIAOBAO_ACCESS_KEY_ID') ?? next.backOffices.xiaobao.accessKeyId;
  next.backOffices.xiaobao.corpId = v('COUNTERPAY_XIAOBAO_CORP_ID') ?? next.backOffices.xiaobao.corpId;
  next.backOffices.kesion.url = v('COUNTERPAY_KESION_URL') ?? next.backOffices.kesion.url;
  next.backOffices.kesion.apptoken = v('COUNTERPAY_KESION_APPTOKEN') ?? next.backOffices.kesion.apptoken;
  next.backOffices.campus.url = v('COUNTERPAY_CAMPUS_URL') ?? next.backOffices.campus.url;
  return next;
}

export type BackOfficeSetupService = ReturnType<typeof createBackOfficeSetup>;
