/**
 * The back-office setup sections' form model: the saved values ↔ what the inputs hold (text),
 * the screen's own checks, and the core's `invalid-input` issues → field → text in the screen's
 * language. Pure (tested in setup-model.test.ts).
 */
import type { BackOfficeSetup, BackOfficeSystemName } from '../../../../app/contract/backoffice.js';
import { boText, type BoLocale } from './texts.js';

export interface SecretDraft {
  value: string;
  clear: boolean;
}
export const NO_SECRET: SecretDraft = { value: '', clear: false };

/** Number fields are edited as text. */
export interface XiaobaoDraft {
  url: string;
  accessKeyId: string;
  corpId: string;
  schoolId: string;
  defaultOperatorId: string;
  /** "1001=7" per line. */
  operatorIds: string;
  encoding: BackOfficeSetup['xiaobao']['sign']['encoding'];
  success: BackOfficeSetup['xiaobao']['sign']['success'];
  accounts: BackOfficeSetup['xiaobao']['accounts'];
  timeoutMs: string;
}
export interface KesionDraft {
  url: string;
  authPlacement: 'query' | 'body';
  balancePayId: string;
  counterPayId: string;
  orderInfoPath: string;
  maxIds: string;
  timeoutMs: string;
}
export interface CampusDraft {
  url: string;
  controller: string;
  amountUnit: 'fen' | 'yuan';
  successParam: 'ids' | 'userID-orderNumber';
  channels: string[];
  timeoutMs: string;
}
export interface Drafts {
  xiaobao: XiaobaoDraft;
  kesion: KesionDraft;
  campus: CampusDraft;
}

const str = (v: string | number | null): string => (v === null ? '' : String(v));

export function draftsOf(s: BackOfficeSetup): Drafts {
  return {
    xiaobao: {
      url: str(s.xiaobao.url),
      accessKeyId: str(s.xiaobao.accessKeyId),
      corpId: str(s.xiaobao.corpId),
      schoolId: str(s.xiaobao.schoolId),
      defaultOperatorId: str(s.xiaobao.defaultOperatorId),
      operatorIds: s.xiaobao.operatorIds.map((m) => `${m.operatorNo}=${m.operatorId}`).join('\n'),
      encoding: s.xiaobao.sign.encoding,
      success: s.xiaobao.sign.success,
      accounts: { ...s.xiaobao.accounts },
      timeoutMs: str(s.xiaobao.timeoutMs),
    },
    kesion: {
      url: str(s.kesion.url),
      authPlacement: s.kesion.authPlacement,
      balancePayId: s.kesion.balancePayId,
      counterPayId: str(s.kesion.counterPayId),
      orderInfoPath: s.kesion.orderInfoPath,
      maxIds: str(s.kesion.maxIds),
      timeoutMs: str(s.kesion.timeoutMs),
    },
    campus: {
      url: str(s.campus.url),
      controller: s.campus.controller,
      amountUnit: s.campus.amountUnit,
      successParam: s.campus.successParam,
      channels: [...s.campus.channels],
      timeoutMs: str(s.campus.timeoutMs),
    },
  };
}

export type FieldErrors = Record<string, string>;

/**
 * The drafts → the values to send, with the screen's own checks (whole numbers, the mapping's
 * lines, at least one channel). The caller sends only the edited system's part as typed.
 */
export function settingsOf(d: Drafts, locale: BoLocale): { settings: BackOfficeSetup; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (v: string): string | null => (v.trim() === '' ? null : v.trim());
  const int = (field: string, v: string, fallback: number): number => {
    const t = v.trim();
    if (/^-?\d+$/.test(t)) return Number(t);
    errors[field] = boText(locale, 'err.integer');
    return fallback;
  };
  const intOrNull = (field: string, v: string): number | null => (v.trim() === '' ? null : int(field, v, 1));
  const operatorIds: { operatorNo: string; operatorId: number }[] = [];
  d.xiaobao.operatorIds.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const m = /^\s*([^=\s]+)\s*[=＝]\s*(\d+)\s*$/.exec(line);
    if (!m) {
      errors['xiaobao.operatorIds'] ??= boText(locale, 'err.mapLine', { n: i + 1 });
      return;
    }
    operatorIds.push({ operatorNo: m[1]!, operatorId: Number(m[2]) });
  });
  const x = d.xiaobao;
  const k = d.kesion;
  const c = d.campus;
  const settings: BackOfficeSetup = {
    xiaobao: {
      url: text(x.url),
      accessKeyId: text(x.accessKeyId),
      corpId: text(x.corpId),
      schoolId: intOrNull('xiaobao.schoolId', x.schoolId),
      operatorIds,
      defaultOperatorId: intOrNull('xiaobao.defaultOperatorId', x.defaultOperatorId),
      sign: { encoding: x.encoding, success: x.success },
      accounts: { ...x.accounts },
      timeoutMs: int('xiaobao.timeoutMs', x.timeoutMs, 10_000),
    },
    kesion: {
      url: text(k.url),
      authPlacement: k.authPlacement,
      balancePayId: k.balancePayId.trim(),
      counterPayId: text(k.counterPayId),
      orderInfoPath: k.orderInfoPath.trim(),
      maxIds: int('kesion.maxIds', k.maxIds, 1),
      timeoutMs: int('kesion.timeoutMs', k.timeoutMs, 15_000),
    },
    campus: {
      url: text(c.url),
      controller: c.controller.trim(),
      amountUnit: c.amountUnit,
      successParam: c.successParam,
      channels: [...c.channels],
      timeoutMs: int('campus.timeoutMs', c.timeoutMs, 15_000),
    },
  };
  if (c.channels.length === 0) errors['campus.channels'] = boText(locale, 'err.channel');
  return { settings, errors };
}

/** The core's limit message (English, from the contract) in the screen's language. */
export function limitText(locale: BoLocale, message: string): string {
  if (locale === 'en') return message;
  let m: RegExpExecArray | null;
  if (/^required$/i.test(message)) return boText(locale, 'err.required');
  if ((m = /at most (\d+) characters/.exec(message))) return boText(locale, 'err.atMostChars', { n: m[1]! });
  if ((m = /at least (\d+)/.exec(message))) return boText(locale, 'err.atLeast', { n: m[1]! });
  if ((m = /at most (\d+)/.exec(message))) return boText(locale, 'err.atMost', { n: m[1]! });
  if (/URL|http/.test(message)) return boText(locale, 'err.url');
  if (/digits/.test(message)) return boText(locale, 'err.digits');
  if (/path segments/.test(message)) return boText(locale, 'err.path');
  if (/twice/.test(message)) return boText(locale, 'err.duplicate');
  if (/one of|channel/.test(message)) return boText(locale, 'err.channel');
  if (/whole number/.test(message)) return boText(locale, 'err.integer');
  return boText(locale, 'err.other');
}

/**
 * `invalid-input` issues → field errors keyed as the form's fields ("xiaobao.url",
 * "xiaobao.operatorIds" for any mapping line, "campus.channels").
 */
export function fieldErrorsOf(issues: readonly { field: string; message: string }[], locale: BoLocale): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    let field = i.field.replace(/^settings\./, '');
    field = field.replace(/^(xiaobao\.operatorIds|campus\.channels)\..*$/, '$1');
    field = field.replace(/^xiaobao\.sign\..*$/, 'xiaobao.sign');
    field = field.replace(/^xiaobao\.accounts\.(.*)$/, 'xiaobao.accounts.$1');
    out[field] ??= limitText(locale, i.message);
  }
  return out;
}

/** Which secret names belong to a system's section. */
export const SECRETS_OF: Record<BackOfficeSystemName, readonly string[]> = {
  xiaobao: ['xiaobao.accessKeySecret'],
  kesion: ['kesion.apptoken', 'kesion.apikey'],
  campus: [],
};

/** The secret changes to send: a typed value, null to clear, absent to keep. */
export function secretChanges(
  system: BackOfficeSystemName,
  drafts: Record<string, SecretDraft>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of SECRETS_OF[system]) {
    const d = drafts[name] ?? NO_SECRET;
    if (d.clear) out[name] = null;
    else if (d.value.trim() !== '') out[name] = d.value.trim();
  }
  return out;
}
