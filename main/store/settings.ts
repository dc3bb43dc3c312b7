/**
 * Typed settings kept in the ledger (things an operator changes at the counter; the
 * installer's configuration lives in config.json). Each key has a zod schema; values are
 * stored as JSON and validated on the way in and on the way out.
 *
 * Add a key to SETTING_SCHEMAS (or pass your own map to createSettings).
 */
import { z } from 'zod';
import { AppError } from '../../app/result.js';
import { ScannerConfigSchema } from '../../app/scan/config.js';
import { audit } from './audit.js';
import type { Store } from './db.js';

export const SETTING_SCHEMAS = {
  /** Business type new bills get when the counter does not say otherwise. */
  'counter.businessType': z.number().int().min(1).max(7),
  /** The bill shown on the counter (survives a reload or restart). */
  'counter.billId': z.number().int().positive(),
  /** Idle minutes before the cashier screen locks itself. */
  'counter.autoLockMinutes': z.number().int().min(1).max(240),
  /** Lines printed at the top and bottom of a receipt. */
  'receipt.header': z.string().max(200),
  'receipt.footer': z.string().max(200),
  /** Receipt paper width in mm. */
  'receipt.paperWidthMm': z.union([z.literal(58), z.literal(80)]),
  /** Online backup interval (hours) and how many backups to keep. */
  'backup.everyHours': z.number().int().min(1).max(168),
  'backup.keep': z.number().int().min(1).max(100),
  /** Last successful sync to the back office (epoch ms). */
  'sync.lastAckAt': z.number().int().nonnegative(),
  /** Cashier UI language. */
  'ui.locale': z.enum(['zh-CN', 'en']),
  /** Scanner settings (pairing, wedge thresholds, card pattern) from the scanner settings screen. */
  'scanner.config': ScannerConfigSchema,
} as const satisfies Record<string, z.ZodType>;

export type SettingSchemas = Record<string, z.ZodType>;
export type SettingKey<S extends SettingSchemas> = keyof S & string;
export type SettingValue<S extends SettingSchemas, K extends SettingKey<S>> = z.output<S[K]>;

export interface Settings<S extends SettingSchemas> {
  /** The stored value, or undefined when unset. A stored value that no longer validates throws `config-invalid`. */
  get<K extends SettingKey<S>>(key: K): SettingValue<S, K> | undefined;
  getOr<K extends SettingKey<S>>(key: K, fallback: SettingValue<S, K>): SettingValue<S, K>;
  /** Validate and store (audited unless `audit: false`, e.g. for sync.lastAckAt). */
  set<K extends SettingKey<S>>(
    key: K,
    value: z.input<S[K]>,
    opts?: { by?: string | null; audit?: boolean },
  ): SettingValue<S, K>;
  delete<K extends SettingKey<S>>(key: K, opts?: { by?: string | null }): boolean;
  /** Every stored, known key with its value (unknown keys are skipped). */
  all(): Partial<{ [K in SettingKey<S>]: SettingValue<S, K> }>;
}

export function createSettings<S extends SettingSchemas = typeof SETTING_SCHEMAS>(opts: {
  store: Store;
  now: () => number;
  schemas?: S;
}): Settings<S> {
  const { store, now } = opts;
  const schemas = (opts.schemas ?? SETTING_SCHEMAS) as S;
  const { db } = store;
  const q = {
    get: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
    all: db.prepare('SELECT key, value FROM settings ORDER BY key'),
    put: db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    ),
    del: db.prepare('DELETE FROM settings WHERE key = ?'),
  };

  const schemaOf = (key: string): z.ZodType => {
    const s = schemas[key];
    if (!s) throw new AppError('invalid-input', `unknown setting ${key}`, { field: 'key', key });
    return s;
  };

  const decode = (key: string, raw: string): unknown => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new AppError('config-invalid', `setting ${key} holds unreadable JSON`, { key });
    }
    const r = schemaOf(key).safeParse(parsed);
    if (!r.success)
      throw new AppError('config-invalid', `setting ${key}: ${r.error.issues[0]?.message ?? 'invalid'}`, { key });
    return r.data;
  };

  const settings: Settings<S> = {
    get(key) {
      const raw = q.get.get(key) as string | undefined;
      schemaOf(key);
      return raw === undefined ? undefined : (decode(key, raw) as never);
    },
    getOr(key, fallback) {
      const v = settings.get(key);
      return v === undefined ? fallback : v;
    },
    set(key, value, o = {}) {
      const r = schemaOf(key).safeParse(value);
      if (!r.success) {
        throw new AppError('invalid-input', `${key}: ${r.error.issues[0]?.message ?? 'invalid value'}`, { field: key });
      }
      const json = JSON.stringify(r.data);
      store.tx(() => {
        const before = q.get.get(key) as string | undefined;
        q.put.run(key, json, now());
        if (o.audit !== false && before !== json) {
          audit(store, {
            action: 'setting.set',
            operatorNo: o.by ?? null,
            subject: `setting:${key}`,
            detail: { from: before === undefined ? null : JSON.parse(before), to: r.data },
          });
        }
      });
      return r.data as never;
    },
    delete(key, o = {}) {
      schemaOf(key);
      return store.tx(() => {
        const n = q.del.run(key).changes;
        if (n > 0) audit(store, { action: 'setting.delete', operatorNo: o.by ?? null, subject: `setting:${key}` });
        return n > 0;
      });
    },
    all() {
      const out: Record<string, unknown> = {};
      for (const { key, value } of q.all.all() as { key: string; value: string }[]) {
        if (schemas[key]) out[key] = decode(key, value);
      }
      return out as never;
    },
  };
  return settings;
}
