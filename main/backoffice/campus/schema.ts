import { z } from 'zod';
import { fenToYuan, yuanToFen } from '../kesion/schema.js';

/**
 * Smart-campus 一卡通 pay API ({WebPath}/api/Pay/...): request validation and reply schemas.
 * Money is integer fen inside; `amount` goes out in fen (the seed's table, default) or yuan
 * (the seed's example), as configured.
 */

export { fenToYuan, yuanToFen };

export type AmountUnit = 'fen' | 'yuan';
/** SearchSuccessData: `ids` (recordIDs from PayMoney, the table) or `userID` + `orderNumber` (the example). */
export type SuccessParam = 'ids' | 'userID-orderNumber';

/** SearchPayPackages `type`: 0 card packages (一卡通付费套餐), 1 SMS packages (短信套餐). */
export const PackageTypeSchema = z.union([z.literal(0), z.literal(1)]);
/** SearchPayPackages `payType`: 0 new purchase, 1 upgrade. */
export const PayTypeSchema = z.union([z.literal(0), z.literal(1)]);
/** PayMoney `type`: 0 buy, 1 upgrade, 2 renew. */
export const PayMoneyTypeSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export type PackageType = z.infer<typeof PackageTypeSchema>;
export type PayType = z.infer<typeof PayTypeSchema>;
export type PayMoneyType = z.infer<typeof PayMoneyTypeSchema>;

/** ping++ channels that produce a QR for the payer to scan (the counter cannot scan a code here). */
export const QR_CHANNELS = ['alipay_qr', 'wx_pub_qr'] as const;

/** Most packages one PayMoney may carry. */
export const MAX_ITEMS = 20;
export const MAX_SUBJECT = 32; // ping++ subject limit
export const MAX_BODY_TEXT = 128; // ping++ body limit
export const MAX_AMOUNT_FEN = 100_000_000; // 1,000,000.00 yuan: far above any package
export const USER_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface CampusInvalid {
  kind: 'invalid';
  field: string;
  limit: string;
  message: string;
}
export function invalid(field: string, limit: string, message: string): CampusInvalid {
  return { kind: 'invalid', field, limit, message: `${field}: ${message} (${limit})` };
}

const Text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));

/** `error` is 0 on success, 1 on failure (a number, sometimes a string). */
export const EnvelopeSchema = z.looseObject({
  error: z.union([z.number(), z.string()]).transform((v) => Number(v)),
  message: Text,
});

const DetailSchema = z.looseObject({ icon: Text, title: Text, content: Text });

export const PackageItemSchema = z
  .looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    itemName: Text,
    itemPrice: Text,
    /** ASSUMPTION: yuan (the example shows 158 for "¥158元/年"), independent of the `amount` unit. */
    itemValue: z.union([z.number(), z.string()]),
    description: Text,
    details: z
      .array(DetailSchema)
      .nullish()
      .transform((v) => v ?? []),
  })
  .transform((it, ctx) => {
    const fen = yuanToFen(it.itemValue);
    if (fen === null || fen <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['itemValue'],
        message: `not a positive yuan amount: ${String(it.itemValue).slice(0, 20)}`,
      });
      return z.NEVER;
    }
    return {
      id: it.id,
      name: it.itemName,
      priceText: it.itemPrice,
      valueFen: fen,
      description: it.description,
      details: it.details,
    };
  });
export type PackageItem = z.output<typeof PackageItemSchema>;

export const PackagesDataSchema = z
  .looseObject({
    empName: Text,
    selectType: z
      .union([z.number(), z.string()])
      .transform((v) => (Number(v) === 1 ? ('multiple' as const) : ('single' as const))),
    qrCode: Text,
    photo: Text,
    cardNo: Text,
    protocolUrl: Text,
    wxAccount: Text,
    alipayAccount: Text,
    unionPayAccount: Text,
    projectDescription: Text,
    items: z.array(PackageItemSchema),
  })
  .transform((d) => ({
    empName: d.empName,
    selectType: d.selectType,
    photo: d.photo,
    cardNo: d.cardNo,
    qrCode: d.qrCode,
    protocolUrl: d.protocolUrl,
    projectDescription: d.projectDescription,
    items: d.items,
  }));
export type Packages = z.output<typeof PackagesDataSchema>;

/** A ping++ charge, the parts the counter uses. `amount` is always fen in ping++. */
export const ChargeSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('charge').optional(),
  paid: z.boolean().default(false),
  amount: z.number().int(),
  channel: z.string().min(1),
  order_no: z.union([z.string(), z.number()]).transform(String),
  time_expire: z.number().int().nullish(),
  credential: z.record(z.string(), z.unknown()).nullish(),
});

/** `chargeData` is a string in the table and an object `{ error, charge }` in the example. */
export const ChargeDataSchema = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((v, ctx) => {
  let o: unknown = v;
  if (typeof v === 'string') {
    try {
      o = JSON.parse(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'chargeData is not JSON' });
      return z.NEVER;
    }
  }
  const inner = o && typeof o === 'object' && 'charge' in o ? (o as { charge: unknown }).charge : o;
  const c = ChargeSchema.safeParse(inner);
  if (!c.success) {
    ctx.addIssue({ code: 'custom', message: `chargeData.charge: ${z.prettifyError(c.error)}` });
    return z.NEVER;
  }
  return c.data;
});

export const PayMoneyDataSchema = z.looseObject({
  recordIDs: z.union([z.string(), z.number()]).transform((v) =>
    String(v)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ),
  chargeData: ChargeDataSchema,
});

/** The QR content of a charge: `credential[channel]` as a string, or an object carrying one. */
export function qrContentOf(charge: z.output<typeof ChargeSchema>): string | null {
  const c = charge.credential?.[charge.channel];
  if (typeof c === 'string' && c !== '') return c;
  if (c && typeof c === 'object') {
    for (const k of ['qr_code', 'code_url', 'qrcode', 'url']) {
      const v = (c as Record<string, unknown>)[k];
      if (typeof v === 'string' && v !== '') return v;
    }
  }
  return null;
}

export const SuccessRecordSchema = z
  .looseObject({
    projectName: Text,
    itemName: Text,
    payStartDate: Text,
    payEndDate: Text,
    empName: Text,
    imei: Text,
    sim: Text,
    gradeName: Text,
    className: Text,
    mobile: Text,
  })
  .transform((r) => ({
    projectName: r.projectName,
    itemName: r.itemName,
    validFrom: r.payStartDate,
    validTo: r.payEndDate,
    empName: r.empName,
    cardNo: r.imei,
    sim: r.sim,
    gradeName: r.gradeName,
    className: r.className,
    mobile: r.mobile,
  }));
export type SuccessRecord = z.output<typeof SuccessRecordSchema>;

/** `data` may be absent (the example `{ "error": 0 }`), one record or a list. */
export const SuccessDataSchema = z
  .union([SuccessRecordSchema, z.array(SuccessRecordSchema)])
  .nullish()
  .transform((v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]));

/**
 * Check a package selection against `selectType`: single → exactly one; multiple → 1 to
 * MAX_ITEMS, duplicates removed. Unknown ids are rejected. Returns the items and the total.
 */
export function selectPackages(
  packages: Pick<Packages, 'selectType' | 'items'>,
  ids: readonly string[],
): { ok: true; items: PackageItem[]; totalFen: number } | { ok: false; error: CampusInvalid } {
  const unique = [...new Set(ids.map((s) => s.trim()).filter((s) => s !== ''))];
  if (unique.length === 0) return { ok: false, error: invalid('itemIDs', 'at least 1 package', 'nothing selected') };
  if (packages.selectType === 'single' && unique.length > 1) {
    return {
      ok: false,
      error: invalid('itemIDs', 'exactly 1 package (selectType single)', `${unique.length} selected`),
    };
  }
  if (unique.length > MAX_ITEMS)
    return { ok: false, error: invalid('itemIDs', `at most ${MAX_ITEMS} packages`, `${unique.length} selected`) };
  const byId = new Map(packages.items.map((i) => [i.id, i]));
  const items: PackageItem[] = [];
  for (const id of unique) {
    const it = byId.get(id);
    if (!it)
      return {
        ok: false,
        error: invalid('itemIDs', 'one of the listed packages', `unknown package ${id.slice(0, 20)}`),
      };
    items.push(it);
  }
  return { ok: true, items, totalFen: items.reduce((s, i) => s + i.valueFen, 0) };
}

/** The `amount` field as sent: fen → integer; yuan → a number whose JSON text is exact ("0.01"). */
export function encodeAmount(fen: number, unit: AmountUnit): number {
  return unit === 'fen' ? fen : Number(fenToYuan(fen));
}
