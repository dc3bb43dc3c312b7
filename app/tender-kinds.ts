import { z } from 'zod';

/**
 * The tender kinds a bill can be paid with — the ONE list. The contract, the reports, the bill
 * feed, the ledger's queries and the screens take it from here. Adding a kind: add it here, then
 * the compiler names every per-kind table still missing it (receipt and report labels, chart
 * colours, history texts); the ledger's CHECK on tenders.kind needs a migration.
 */
export const TENDER_KINDS = ['barcode', 'cash', 'stored-value', 'campus-qr'] as const;
export type TenderKind = (typeof TENDER_KINDS)[number];
export const TenderKindSchema = z.enum(TENDER_KINDS);
