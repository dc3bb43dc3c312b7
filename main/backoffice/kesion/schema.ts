import { z } from 'zod';

/**
 * KesionEDU 网校 webapi: request validation and reply schemas (zod both ways).
 * Money arrives as yuan strings ("100.00", "9087.54") and is turned into integer fen here, with
 * string arithmetic only.
 */

/** The largest number of ids (courses, classes, camps or students) one batch may carry. */
export const MAX_BATCH_IDS = 200;
/** Longest numeric id accepted (KesionEDU ids are SQL Server int: at most 10 digits). */
export const MAX_ID_DIGITS = 10;
/** Longest student account name accepted. */
export const MAX_USERNAME_LENGTH = 50;

export const KESION_TYPES = { course: 1, class: 2, camp: 3 } as const;
export const KesionTypeSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type KesionType = z.infer<typeof KesionTypeSchema>;

/** A request broke a limit. Nothing was sent. */
export interface KesionInvalid {
  kind: 'invalid';
  field: string;
  limit: string;
  message: string;
}

export function invalid(field: string, limit: string, message: string): KesionInvalid {
  return { kind: 'invalid', field, limit, message: `${field}: ${message} (${limit})` };
}

export type ListResult = { ok: true; ids: string[]; duplicatesRemoved: number } | { ok: false; error: KesionInvalid };

function splitList(input: string | readonly (string | number)[]): string[] {
  const parts = typeof input === 'string' ? input.split(/[\s,，;；、]+/) : input.map((v) => String(v));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Validate a list of numeric ids (typed with commas, spaces or new lines, or given as an array):
 * every id is 1–10 digits, duplicates are removed keeping the first, at least one and at most
 * `max` (default MAX_BATCH_IDS) remain. Leading zeros are dropped ("007" and "7" are the same id).
 */
export function validateIdList(
  field: string,
  input: string | readonly (string | number)[],
  max = MAX_BATCH_IDS,
): ListResult {
  const parts = splitList(input);
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const p of parts) {
    if (!/^\d+$/.test(p))
      return { ok: false, error: invalid(field, 'numeric ids only', `"${p.slice(0, 20)}" is not a numeric id`) };
    const id = p.replace(/^0+(?=\d)/, '');
    if (id.length > MAX_ID_DIGITS || id === '0') {
      return {
        ok: false,
        error: invalid(field, `1–${MAX_ID_DIGITS} digits, not 0`, `"${p.slice(0, 20)}" is not a valid id`),
      };
    }
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  if (ids.length === 0) return { ok: false, error: invalid(field, 'at least 1 id', 'the list is empty') };
  if (ids.length > max)
    return { ok: false, error: invalid(field, `at most ${max} ids`, `${ids.length} ids after removing duplicates`) };
  return { ok: true, ids, duplicatesRemoved: parts.length - ids.length };
}

/**
 * Validate student account names: letters, digits, `_`, `-`, `.`, `@` (1–50 characters),
 * duplicates (case-insensitive) removed, at most `max`.
 */
export function validateUsernameList(
  field: string,
  input: string | readonly string[],
  max = MAX_BATCH_IDS,
): ListResult {
  const parts = splitList(input);
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const p of parts) {
    if (p.length > MAX_USERNAME_LENGTH)
      return {
        ok: false,
        error: invalid(field, `at most ${MAX_USERNAME_LENGTH} characters each`, `"${p.slice(0, 20)}…" is too long`),
      };
    if (!/^[\p{L}\p{N}_.@-]+$/u.test(p))
      return {
        ok: false,
        error: invalid(field, 'letters, digits, _ - . @', `"${p.slice(0, 20)}" is not an account name`),
      };
    const key = p.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      ids.push(p);
    }
  }
  if (ids.length === 0) return { ok: false, error: invalid(field, 'at least 1 account', 'the list is empty') };
  if (ids.length > max)
    return {
      ok: false,
      error: invalid(field, `at most ${max} accounts`, `${ids.length} accounts after removing duplicates`),
    };
  return { ok: true, ids, duplicatesRemoved: parts.length - ids.length };
}

// ---------------------------------------------------------------------------------------------
// Money (yuan text ⇄ fen), string arithmetic only
// ---------------------------------------------------------------------------------------------

/** "9087.54" → 908754, "-1.5" → -150, 100 → 10000. null when not a decimal with ≤ 2 places. */
export function yuanToFen(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? String(value)
        : ''
      : value.trim().replace(/,/g, '').replace(/^¥/, '');
  const m = /^(-?)(\d{1,13})(?:\.(\d{0,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] === '-' && fen !== 0 ? -fen : fen;
}

/** 123456 → "1234.56" (for sending back and for display). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const Fen = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const fen = yuanToFen(v);
  if (fen === null) {
    ctx.addIssue({ code: 'custom', message: `not a yuan amount with at most 2 decimals: ${String(v).slice(0, 20)}` });
    return z.NEVER;
  }
  return fen;
});

/** `result` is a boolean, or sometimes the string "true"/"false" (also "1"/"0", 1/0). */
export const KesionBool = z.union([z.boolean(), z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const t = String(v).trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0' || t === '') return false;
  ctx.addIssue({ code: 'custom', message: `not a boolean: ${t.slice(0, 20)}` });
  return z.NEVER;
});

const Text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));
const OptInt = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined || v === '') return null;
    const n = Number(v);
    return Number.isInteger(n) ? n : null;
  });

/** Every reply: `{ result, msg }` plus the endpoint's fields. */
export const EnvelopeSchema = z.looseObject({ result: KesionBool, msg: Text });

/** A course, class or camp as the bill shows it. */
export const CourseSchema = z
  .looseObject({
    id: Text.optional(),
    courseid: Text.optional(),
    name: Text,
    purchase_price: Fen,
    market_price: Fen.optional(),
    buylimit: OptInt,
    bmbegintime: Text,
    bmendtime: Text,
    teachway: OptInt,
    photourl: Text,
  })
  .transform((c) => ({
    id: c.id || c.courseid || '',
    name: c.name,
    purchasePriceFen: c.purchase_price,
    marketPriceFen: c.market_price ?? null,
    buyLimit: c.buylimit,
    enrollBegin: c.bmbegintime,
    enrollEnd: c.bmendtime,
    teachWay: c.teachway,
    photoUrl: c.photourl,
  }));
export type KesionCourse = z.output<typeof CourseSchema>;

/** `data` is one object in the seed; a list is accepted too (several courses in one batch). */
const CourseList = z
  .union([CourseSchema, z.array(CourseSchema)])
  .nullish()
  .transform((v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]));

const IdCsv = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
  .nullish()
  .transform((v) =>
    v === null || v === undefined
      ? []
      : (Array.isArray(v) ? v.map(String) : String(v).split(',')).map((s) => s.trim()).filter((s) => s !== ''),
  );

/** Step 1 reply (issue 16): `balance`, `totalprice` and the course details. */
export const InitializeReplySchema = z
  .looseObject({
    balance: Fen,
    totalprice: Fen,
    data: CourseList,
    userids: IdCsv,
  })
  .transform((r) => ({ balanceFen: r.balance, totalFen: r.totalprice, courses: r.data, userIds: r.userids }));
export type InitializeBill = z.output<typeof InitializeReplySchema>;

const PaymentSchema = z
  .looseObject({ payid: Text, payname: Text, rate: Text, logo: Text, isdefault: Text })
  .transform((p) => ({ payId: p.payid, name: p.payname, rate: p.rate, logo: p.logo, isDefault: p.isdefault === '1' }));

/** Step 2 reply (the seed). */
export const SaveBatchBillReplySchema = z
  .looseObject({
    orderid: z.string().min(1),
    payorderid: z.string().min(1),
    totalprice: Fen,
    balance: Fen.optional(),
    sellerprice: Fen.optional(),
    ispay: KesionBool.optional(),
    isshowpay: KesionBool.optional(),
    qrcode: Text,
    inputtime: Text,
    data: CourseList,
    student: z
      .looseObject({ student_realname: Text, student_username: Text })
      .nullish()
      .transform((s) => (s ? { realName: s.student_realname, username: s.student_username } : null)),
    paymentlist: z
      .array(PaymentSchema)
      .nullish()
      .transform((v) => v ?? []),
  })
  .transform((r) => ({
    orderId: r.orderid,
    payOrderId: r.payorderid,
    totalFen: r.totalprice,
    balanceFen: r.balance ?? null,
    sellerFen: r.sellerprice ?? null,
    isPaid: r.ispay ?? false,
    showPay: r.isshowpay ?? true,
    qrcode: r.qrcode,
    inputTime: r.inputtime,
    courses: r.data,
    student: r.student,
    payments: r.paymentlist,
  }));
export type BatchBill = z.output<typeof SaveBatchBillReplySchema>;

/** Step 3 reply: `result:false` may carry a `url` for paying online. */
export const SaveSignUpOrderReplySchema = z.looseObject({ url: Text });

/**
 * Order-info status reply (ASSUMPTION, see README): `ispay` (or `paystatus` 1) says whether the
 * pay order has been paid.
 */
export const OrderInfoReplySchema = z
  .looseObject({
    ispay: KesionBool.optional(),
    paystatus: OptInt,
    orderid: Text,
    payorderid: Text,
    totalprice: Fen.optional(),
  })
  .transform((r) => ({
    isPaid: r.ispay ?? r.paystatus === 1,
    orderId: r.orderid,
    payOrderId: r.payorderid,
    totalFen: r.totalprice ?? null,
  }));
export type OrderInfo = z.output<typeof OrderInfoReplySchema>;

/** One student in `signup_json` (ASSUMPTION, see README). */
export const SignupStudentSchema = z.object({
  username: z.string().min(1).max(MAX_USERNAME_LENGTH),
  realname: z.string().max(50).optional(),
  mobile: z
    .string()
    .regex(/^\d{6,20}$/, { message: 'mobile: 6–20 digits' })
    .optional(),
});
export type SignupStudent = z.infer<typeof SignupStudentSchema>;
