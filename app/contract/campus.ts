import { z } from 'zod';
import { command, event, NoInput, type EventSpec } from './define.js';

/**
 * Smart-campus card packages sold at the counter (校园卡套餐, main/backoffice/campus/sales.ts):
 * look a student up, pick packages, create a ping++ charge on a QR channel (PayMoney), show its
 * QR, confirm with SearchSuccessData. The bill is a normal counter bill, locked while its charge
 * is live and closed with the `campus-qr` tender. Codes (type, payType, PayMoney type) are the
 * campus API's; their labels live in the renderer's `campus` catalog.
 */

export const CAMPUS_CHANNELS = ['alipay_qr', 'wx_pub_qr'] as const;
export const CampusChannelSchema = z.enum(CAMPUS_CHANNELS);
/** SearchPayPackages type: 0 card packages, 1 SMS. */
export const CampusPackageTypeSchema = z.union([z.literal(0), z.literal(1)]);
/** SearchPayPackages payType: 0 new, 1 upgrade. */
export const CampusPayTypeSchema = z.union([z.literal(0), z.literal(1)]);
/** PayMoney type: 0 buy, 1 upgrade, 2 renew. */
export const CampusPayMoneyTypeSchema = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const UserId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, { message: 'userID: 1–32 letters, digits, _ or -' });
const BillId = z.number().int().positive();

export const CampusPackageSchema = z.object({
  id: z.string(),
  name: z.string(),
  priceText: z.string(),
  valueFen: z.number().int(),
  description: z.string(),
});

export const CampusStudentSchema = z.object({
  userID: z.string(),
  empName: z.string(),
  /** Only an http(s) or data:image URL, else null (the screen shows a placeholder). */
  photo: z.string().nullable(),
  cardNo: z.string(),
  selectType: z.enum(['single', 'multiple']),
  items: z.array(CampusPackageSchema),
});
export type CampusStudent = z.infer<typeof CampusStudentSchema>;

export const CAMPUS_SALE_STATES = ['creating', 'pending', 'paid', 'expired', 'cancelled', 'failed', 'unknown'] as const;
export const CampusSaleStateSchema = z.enum(CAMPUS_SALE_STATES);

export const CampusRecordSchema = z.object({
  itemName: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  cardNo: z.string(),
  className: z.string(),
});

/** One charge of a campus bill (the latest attempt), as the screen and the display read it. */
export const CampusSaleSchema = z.object({
  billId: BillId,
  billNo: z.string(),
  attempt: z.number().int().min(1),
  state: CampusSaleStateSchema,
  userID: z.string(),
  empName: z.string(),
  cardNo: z.string(),
  payMoneyType: CampusPayMoneyTypeSchema,
  channel: z.string(),
  amountFen: z.number().int(),
  items: z.array(z.object({ id: z.string(), name: z.string(), valueFen: z.number().int() })),
  chargeId: z.string().nullable(),
  qrContent: z.string().nullable(),
  /** Epoch ms, or null. */
  expiresAt: z.number().nullable(),
  records: z.array(CampusRecordSchema),
  /** The campus system's or the transport's last word (not paid yet, refused, …). */
  message: z.string().nullable(),
  /** The bill's status now (locked while the charge is live). */
  billStatus: z.string(),
});
export type CampusSale = z.infer<typeof CampusSaleSchema>;

export const CampusStatusSchema = z.object({
  configured: z.boolean(),
  channels: z.array(CampusChannelSchema),
  /** The campus sale of the bill on the counter, if it is one. */
  sale: CampusSaleSchema.nullable(),
});

export const campusCommands = {
  /** Whether campus is configured, its channels, and the campus sale on the counter (after a restart too). */
  'campus.status': command(NoInput, CampusStatusSchema, 'signed-in'),
  /** SearchPayPackages: the student and the packages of one type / payType. */
  'campus.lookup': command(
    z.object({ userID: UserId, type: CampusPackageTypeSchema, payType: CampusPayTypeSchema }).strict(),
    CampusStudentSchema,
    'signed-in',
  ),
  /** Open a bill for the packages, lock it, create the charge (PayMoney) and start confirming it. */
  'campus.start': command(
    z
      .object({
        userID: UserId,
        type: CampusPackageTypeSchema,
        payType: CampusPayTypeSchema,
        payMoneyType: CampusPayMoneyTypeSchema,
        itemIDs: z.array(z.string().min(1).max(32)).min(1).max(20),
        channel: CampusChannelSchema,
      })
      .strict(),
    CampusSaleSchema,
    'signed-in',
  ),
  /** A new charge for a bill whose previous one expired, was cancelled or failed (the old one stays recorded). */
  'campus.retry': command(
    z.object({ billId: BillId, channel: CampusChannelSchema }).strict(),
    CampusSaleSchema,
    'signed-in',
  ),
  /** Ask SearchSuccessData once now. */
  'campus.check': command(z.object({ billId: BillId }).strict(), CampusSaleSchema, 'signed-in'),
  /** Stop waiting: SearchSuccessData once more (the payer may just have paid), else the charge is given up. */
  'campus.cancel': command(z.object({ billId: BillId }).strict(), CampusSaleSchema, 'signed-in'),
  /** Void a campus bill that has no live charge (after expiry, cancel or failure). */
  'campus.abandon': command(z.object({ billId: BillId }).strict(), z.object({ voided: z.boolean() }), 'signed-in'),
  /** The receipt lines of a paid campus bill (student, card no., class, validity); none for other bills. */
  'campus.receiptLines': command(
    z.object({ billId: BillId }).strict(),
    z.object({ lines: z.array(z.string()) }),
    'signed-in',
  ),
} as const;

export const campusEvents = {
  /** A campus sale changed (charge created, paid, expired, …). */
  'campus.changed': event(CampusSaleSchema),
} as const satisfies Record<string, EventSpec>;
