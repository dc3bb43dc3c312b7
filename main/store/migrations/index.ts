/**
 * The ordered list of schema migrations. Each migration lives in its own file
 * `NNN_name.ts` next to this one and exports `sql`. Register new ones here, in order,
 * with `version` equal to NNN. Never edit or reorder a released migration: the store
 * refuses to open a database whose recorded checksum differs from the code's.
 */
import { sql as sql001 } from './001_initial.js';
import { sql as sql002 } from './002_ledger_indexes.js';
import { sql as sql003 } from './003_supervisor.js';
import { sql as sql004 } from './004_report_indexes.js';
import { sql as sql005 } from './005_late_outcomes.js';
import { sql as sql006 } from './006_xiaobao_journal.js';
import { sql as sql007 } from './007_operator_admin.js';
import { sql as sql008 } from './008_catalog_mnemonic.js';
import { sql as sql009 } from './009_qr_attempts.js';
import { sql as sql010 } from './010_bill_history.js';
import { sql as sql011 } from './011_campus_sales.js';
import { sql as sql012 } from './012_bill_discounts.js';
import { sql as sql013 } from './013_kesion_enrollments.js';
import { sql as sql014 } from './014_xiaobao_counter.js';

export interface Migration {
  /** 1, 2, 3 … — equals the NNN prefix of the file and the resulting `PRAGMA user_version`. */
  readonly version: number;
  /** The `name` part of `NNN_name.ts`. */
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: sql001 },
  { version: 2, name: 'ledger_indexes', sql: sql002 },
  { version: 3, name: 'supervisor', sql: sql003 },
  { version: 4, name: 'report_indexes', sql: sql004 },
  { version: 5, name: 'late_outcomes', sql: sql005 },
  { version: 6, name: 'xiaobao_journal', sql: sql006 },
  { version: 7, name: 'operator_admin', sql: sql007 },
  { version: 8, name: 'catalog_mnemonic', sql: sql008 },
  { version: 9, name: 'qr_attempts', sql: sql009 },
  { version: 10, name: 'bill_history', sql: sql010 },
  { version: 11, name: 'campus_sales', sql: sql011 },
  { version: 12, name: 'bill_discounts', sql: sql012 },
  { version: 13, name: 'kesion_enrollments', sql: sql013 },
  { version: 14, name: 'xiaobao_counter', sql: sql014 },
];

/** The schema version this build of the app writes. */
export const LATEST_SCHEMA_VERSION = migrations.length;
