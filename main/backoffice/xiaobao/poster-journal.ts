/**
 * The xiaobao posting journal (table xiaobao_postings, migration 006): the row types, the
 * journaled input and the prepared statements the poster (poster.ts) runs.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { XIAOBAO_POSTING_STATES } from '../../../app/contract/xiaobao.js';

/** Declared once in the contract (the screen shows them). */
export const POSTING_STATES = XIAOBAO_POSTING_STATES;
export type PostingState = (typeof POSTING_STATES)[number];

/**
 * One accountInfo of the post: an ERP account, its part of the amount and, for a barcode part,
 * the gateway reference whose last 8 characters become simplePaymentMethodTradeNo.
 */
export const PostingAccountSchema = z.strictObject({
  /** The ERP account for the tender kind (config: backOffices.xiaobao.accounts). */
  accountName: z.string().min(1).max(100),
  amountFen: z.number().int().positive(),
  /** Gateway reference (KouDaiLQ) of a barcode part. */
  gatewayRef: z.string().min(1).max(100).optional(),
});
export type PostingAccount = z.infer<typeof PostingAccountSchema>;

/** The ERP's accountInfos limit (schemas.ts AccountTranBase). */
export const MAX_POSTING_ACCOUNTS = 20;

/**
 * The journaled request (request_json). Rows of builds before split payment carry ONE account
 * (`accountName` + optional `gatewayRef`, the whole amount); newer rows carry `accounts` (one per
 * tender part, adding up to `amountFen`). Exactly one of the two forms; `accountsOf` reads both.
 */
export const PostingInputSchema = z
  .strictObject({
    /** The counter's bill number: every accountInfo's orderNumber at the ERP. */
    billNo: z.string().min(1).max(64),
    kind: z.enum(['recharge', 'refund']),
    stuInfoId: z.number().int().positive(),
    amountFen: z.number().int(),
    /** Older rows: the one ERP account for the whole amount. */
    accountName: z.string().min(1).max(100).optional(),
    /** Older rows: gateway reference (KouDaiLQ); its last 8 characters become simplePaymentMethodTradeNo. */
    gatewayRef: z.string().min(1).max(100).optional(),
    /** Newer rows: one entry per account part (split payment, docs/ARCHITECTURE.md §6.6). */
    accounts: z.array(PostingAccountSchema).min(1).max(MAX_POSTING_ACCOUNTS).optional(),
    schoolId: z.number().int().positive().optional(),
    operatorId: z.number().int().positive().optional(),
    sellerId: z.number().int().positive().optional(),
    comment: z.string().max(500).optional(),
    commentOuter: z.string().max(500).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.accounts === undefined) {
      if (p.accountName === undefined)
        ctx.addIssue({ code: 'custom', path: ['accounts'], message: 'accounts or accountName is required' });
      return;
    }
    if (p.accountName !== undefined || p.gatewayRef !== undefined)
      ctx.addIssue({ code: 'custom', path: ['accountName'], message: 'accountName/gatewayRef only without accounts' });
    const sum = p.accounts.reduce((s, a) => s + a.amountFen, 0);
    if (sum !== p.amountFen)
      ctx.addIssue({
        code: 'custom',
        path: ['accounts'],
        message: `accounts add up to ${sum} fen, amountFen is ${p.amountFen} (must be equal)`,
      });
  });
export type PostingInput = z.infer<typeof PostingInputSchema>;

/** The accounts of a journaled request, whichever form its row was written in. */
export function accountsOf(input: PostingInput): PostingAccount[] {
  if (input.accounts) return input.accounts;
  return [
    {
      accountName: input.accountName!,
      amountFen: input.amountFen,
      ...(input.gatewayRef !== undefined ? { gatewayRef: input.gatewayRef } : {}),
    },
  ];
}

export interface PostingRow {
  id: number;
  billNo: string;
  kind: 'recharge' | 'refund';
  stuInfoId: number;
  amountFen: number;
  input: PostingInput;
  state: PostingState;
  sends: number;
  lookups: number;
  firstSentAt: number | null;
  sentAt: number | null;
  nextAt: number | null;
  erpOrderId: number | null;
  foundBy: 'reply' | 'lookup' | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Row {
  id: number;
  bill_no: string;
  kind: 'recharge' | 'refund';
  stu_info_id: number;
  amount_fen: number;
  request_json: string;
  state: PostingState;
  sends: number;
  lookups: number;
  first_sent_at: number | null;
  sent_at: number | null;
  next_at: number | null;
  erp_order_id: number | null;
  found_by: 'reply' | 'lookup' | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export function toPosting(r: Row): PostingRow {
  return {
    id: r.id,
    billNo: r.bill_no,
    kind: r.kind,
    stuInfoId: r.stu_info_id,
    amountFen: r.amount_fen,
    input: PostingInputSchema.parse(JSON.parse(r.request_json)),
    state: r.state,
    sends: r.sends,
    lookups: r.lookups,
    firstSentAt: r.first_sent_at,
    sentAt: r.sent_at,
    nextAt: r.next_at,
    erpOrderId: r.erp_order_id,
    foundBy: r.found_by,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class PostingConflictError extends Error {
  constructor(readonly billNo: string) {
    super(`xiaobao posting ${billNo}: already journaled with different content`);
    this.name = 'PostingConflictError';
  }
}

/** The journal's statements, prepared on `db`. */
export function prepareJournal(db: Database.Database) {
  return {
    get: db.prepare<[string], Row>('SELECT * FROM xiaobao_postings WHERE bill_no = ?'),
    insert: db.prepare(
      `INSERT INTO xiaobao_postings (bill_no, kind, stu_info_id, amount_fen, request_json, state, created_at, updated_at)
         VALUES (@billNo, @kind, @stuInfoId, @amountFen, @json, 'pending', @now, @now)`,
    ),
    due: db.prepare<[number], Row>(
      `SELECT * FROM xiaobao_postings
          WHERE state IN ('pending', 'sending', 'unknown') AND (next_at IS NULL AND state = 'pending' OR next_at <= ?)
          ORDER BY id`,
    ),
    list: db.prepare<[], Row>('SELECT * FROM xiaobao_postings ORDER BY id'),
    /** Journaled since @at, plus every row not posted yet (the counter's list). */
    since: db.prepare<[number], Row>(
      "SELECT * FROM xiaobao_postings WHERE created_at >= ? OR state <> 'posted' ORDER BY id",
    ),
    between: db.prepare<[number, number], Row>(
      'SELECT * FROM xiaobao_postings WHERE created_at >= ? AND created_at < ? ORDER BY id',
    ),
    recover: db.prepare(
      `UPDATE xiaobao_postings SET state = 'unknown', next_at = sent_at + @settleMs, last_error = 'interrupted while sending', updated_at = @now WHERE state = 'sending'`,
    ),
    sending: db.prepare(
      `UPDATE xiaobao_postings SET state = 'sending', sends = sends + 1, sent_at = @now, first_sent_at = COALESCE(first_sent_at, @now),
                next_at = NULL, updated_at = @now WHERE bill_no = @billNo AND state IN ('pending', 'unknown')`,
    ),
    posted: db.prepare(
      `UPDATE xiaobao_postings SET state = 'posted', erp_order_id = @orderId, found_by = @foundBy, next_at = NULL, last_error = NULL, updated_at = @now WHERE bill_no = @billNo`,
    ),
    setState: db.prepare(
      `UPDATE xiaobao_postings SET state = @state, next_at = @nextAt, last_error = @error, updated_at = @now WHERE bill_no = @billNo`,
    ),
    lookupFailed: db.prepare(
      `UPDATE xiaobao_postings SET lookups = lookups + 1, next_at = @nextAt, last_error = @error, updated_at = @now WHERE bill_no = @billNo`,
    ),
    // A refused ('failed') post was not recorded at the ERP: a person's retry sends it again.
    // An unknown one is looked up first, as always.
    retryManually: db.prepare(
      `UPDATE xiaobao_postings SET state = CASE state WHEN 'failed' THEN 'pending' ELSE state END, next_at = @now, lookups = 0, updated_at = @now
          WHERE bill_no = @billNo AND state IN ('unknown', 'failed', 'pending')`,
    ),
  };
}

/**
 * The postings journaled in [from, to) (created_at), oldest first — the query the
 * reconciliation (main/backoffice/reconcile) reads the journal through.
 */
export function postingsCreatedBetween(db: Database.Database, from: number, to: number): PostingRow[] {
  return db
    .prepare<[number, number], Row>(
      'SELECT * FROM xiaobao_postings WHERE created_at >= ? AND created_at < ? ORDER BY id',
    )
    .all(from, to)
    .map(toPosting);
}
