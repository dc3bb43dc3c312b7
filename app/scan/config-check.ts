import type { z } from 'zod';
import { isValidCardPattern } from './classify.js';
import { HidConfigSchema, ScannerConfigSchema, type ScannerConfig } from './config.js';
import { WedgeOptionsSchema } from './wedge.js';

/**
 * Checking scanner settings before they are saved, with messages a person can act on: each
 * problem names the field, its label in both languages and the limit it broke. Shared by the
 * settings screen (checks as you type) and main (checks again before anything is applied).
 * The limits are read from the zod schemas, so they cannot drift from what is enforced.
 */

export interface ConfigIssue {
  /** Dotted path, e.g. `wedge.maxGapMs`. */
  field: string;
  /** The limit that was broken (number for ranges, field name for cross-field rules). */
  limit?: number | string;
  zh: string;
  en: string;
}

export interface NumberLimit {
  min: number;
  max: number;
  int: boolean;
  unit: 'ms' | 'chars';
}

function limitsOf(schema: z.ZodType, unit: NumberLimit['unit']): NumberLimit {
  const s = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
  return { min: s.minValue ?? 0, max: s.maxValue ?? Number.MAX_SAFE_INTEGER, int: s.isInt === true, unit };
}

const wedgeShape = WedgeOptionsSchema.shape;

/** Editable numeric scanner settings and their limits. */
export const SCANNER_NUMBER_LIMITS = {
  'wedge.maxGapMs': limitsOf(wedgeShape.maxGapMs, 'ms'),
  'wedge.minLength': limitsOf(wedgeShape.minLength, 'chars'),
  'wedge.endGapMs': limitsOf(wedgeShape.endGapMs, 'ms'),
  'wedge.maxLength': limitsOf(wedgeShape.maxLength, 'chars'),
  'hid.pollIntervalMs': limitsOf(HidConfigSchema.shape.pollIntervalMs.unwrap(), 'ms'),
} as const satisfies Record<string, NumberLimit>;

export type ScannerNumberField = keyof typeof SCANNER_NUMBER_LIMITS;

export const SCANNER_FIELD_LABELS: Readonly<
  Record<ScannerNumberField | 'cardPattern' | 'wedge.terminators' | 'hid.extraVendorIds', { zh: string; en: string }>
> = {
  'wedge.maxGapMs': { zh: '按键最大间隔', en: 'Max gap between keys' },
  'wedge.minLength': { zh: '扫码最短长度', en: 'Minimum scan length' },
  'wedge.endGapMs': { zh: '扫码结束静默时间', en: 'End-of-scan silence' },
  'wedge.maxLength': { zh: '扫码最大长度', en: 'Maximum scan length' },
  'hid.pollIntervalMs': { zh: '设备检测间隔', en: 'Device poll interval' },
  cardPattern: { zh: '储值卡号规则', en: 'Card number pattern' },
  'wedge.terminators': { zh: '扫码结束键', en: 'Scan terminator keys' },
  'hid.extraVendorIds': { zh: '附加厂商 ID', en: 'Extra vendor ids' },
};

const UNIT = { ms: { zh: '毫秒', en: 'ms' }, chars: { zh: '个字符', en: 'characters' } } as const;

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Check one numeric field (a number, or the text typed into its box). */
export function checkScannerNumber(field: ScannerNumberField, value: unknown): ConfigIssue | null {
  const lim = SCANNER_NUMBER_LIMITS[field];
  const label = SCANNER_FIELD_LABELS[field];
  const n =
    typeof value === 'string'
      ? value.trim() === ''
        ? NaN
        : Number(value.trim())
      : typeof value === 'number'
        ? value
        : NaN;
  const u = UNIT[lim.unit];
  if (!Number.isFinite(n)) {
    return { field, zh: `${label.zh}（${field}）必须是数字`, en: `${label.en} (${field}) must be a number` };
  }
  if (lim.int && !Number.isInteger(n)) {
    return { field, zh: `${label.zh}（${field}）必须是整数`, en: `${label.en} (${field}) must be a whole number` };
  }
  if (n < lim.min) {
    return {
      field,
      limit: lim.min,
      zh: `${label.zh}（${field}）不能小于 ${lim.min} ${u.zh}`,
      en: `${label.en} (${field}) must be at least ${lim.min} ${u.en}`,
    };
  }
  if (n > lim.max) {
    return {
      field,
      limit: lim.max,
      zh: `${label.zh}（${field}）不能大于 ${lim.max} ${u.zh}`,
      en: `${label.en} (${field}) must be at most ${lim.max} ${u.en}`,
    };
  }
  return null;
}

/**
 * Every problem of a whole scanner config (after merging the edit into the current one).
 * An empty list means `ScannerConfigSchema` accepts it and the wedge detector will too.
 */
export function checkScannerConfig(config: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const field of Object.keys(SCANNER_NUMBER_LIMITS) as ScannerNumberField[]) {
    const v = get(config, field);
    if (v === undefined) continue;
    const issue = checkScannerNumber(field, v);
    if (issue) issues.push(issue);
  }
  const num = (f: string): number | null => {
    const v = get(config, f);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const maxGap = num('wedge.maxGapMs');
  const endGap = num('wedge.endGapMs');
  if (maxGap !== null && endGap !== null && endGap < maxGap && !issues.some((i) => i.field === 'wedge.endGapMs')) {
    const a = SCANNER_FIELD_LABELS['wedge.endGapMs'];
    const b = SCANNER_FIELD_LABELS['wedge.maxGapMs'];
    issues.push({
      field: 'wedge.endGapMs',
      limit: 'wedge.maxGapMs',
      zh: `${a.zh}（wedge.endGapMs = ${endGap}）不能小于${b.zh}（wedge.maxGapMs = ${maxGap}）`,
      en: `${a.en} (wedge.endGapMs = ${endGap}) must be at least the ${b.en.toLowerCase()} (wedge.maxGapMs = ${maxGap})`,
    });
  }
  const minLen = num('wedge.minLength');
  const maxLen = num('wedge.maxLength');
  if (minLen !== null && maxLen !== null && maxLen < minLen && !issues.some((i) => i.field === 'wedge.maxLength')) {
    issues.push({
      field: 'wedge.maxLength',
      limit: 'wedge.minLength',
      zh: `扫码最大长度（wedge.maxLength = ${maxLen}）不能小于最短长度（wedge.minLength = ${minLen}）`,
      en: `Maximum scan length (wedge.maxLength = ${maxLen}) must be at least the minimum (wedge.minLength = ${minLen})`,
    });
  }
  const pattern = get(config, 'cardPattern');
  if (pattern !== undefined && pattern !== null) {
    if (typeof pattern !== 'string' || pattern.length > 200) {
      issues.push({
        field: 'cardPattern',
        limit: 200,
        zh: '储值卡号规则（cardPattern）最多 200 个字符',
        en: 'Card number pattern (cardPattern) must be at most 200 characters',
      });
    } else if (pattern !== '' && !isValidCardPattern(pattern)) {
      issues.push({
        field: 'cardPattern',
        zh: '储值卡号规则（cardPattern）不是有效的正则表达式，例如 8\\d{11}',
        en: 'Card number pattern (cardPattern) is not a valid regular expression, e.g. 8\\d{11}',
      });
    }
  }
  const terms = get(config, 'wedge.terminators');
  if (
    terms !== undefined &&
    (!Array.isArray(terms) ||
      terms.length > 8 ||
      terms.some((t) => typeof t !== 'string' || t.length < 1 || t.length > 32))
  ) {
    issues.push({
      field: 'wedge.terminators',
      limit: 8,
      zh: '扫码结束键（wedge.terminators）最多 8 个按键代码',
      en: 'Scan terminator keys (wedge.terminators) must be at most 8 key codes',
    });
  }
  if (issues.length === 0) {
    // Anything the hand-written checks above do not cover (types of other fields).
    const parsed = ScannerConfigSchema.safeParse(config);
    if (!parsed.success) {
      for (const i of parsed.error.issues.slice(0, 5)) {
        const field = i.path.map(String).join('.') || '(config)';
        issues.push({
          field,
          zh: `扫码枪设置（${field}）无效：${i.message}`,
          en: `Scanner setting ${field} is invalid: ${i.message}`,
        });
      }
    }
  }
  return issues;
}

/** Merge a partial edit (from the settings screen) into the current config, section by section. */
export function mergeScannerConfig(current: ScannerConfig, edit: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(edit)) {
    if ((k === 'hid' || k === 'wedge') && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = { ...(current[k] as object), ...(v as object) };
    } else if (k === 'cardPattern' && (v === null || v === '')) {
      delete out[k];
    } else {
      out[k] = v;
    }
  }
  return out;
}
