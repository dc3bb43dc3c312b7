/**
 * Migration 008: 助记码 (pinyin initials) for catalog search (main/catalog/mnemonic.ts).
 *
 *  - `catalog_items.mnemonic`: the item's primary 助记码, shown on the products list. NULL
 *    means "not computed yet": SQL cannot make pinyin, so the catalog fills every NULL row
 *    when it starts (main/catalog/mnemonics.ts `fillMnemonics`) and after each write; the
 *    partial index finds those rows without a scan.
 *  - `catalog_mnemonics`: every key of an item (the primary, the polyphone variants, the Latin
 *    words), one row each. Its primary key (key, code) is the index the prefix search ranges
 *    over: `key >= 'kqs' AND key < 'kqs' || U+10FFFF`.
 *
 * Never edit once released; add the next number instead.
 */
export const sql = /* sql */ `
ALTER TABLE catalog_items ADD COLUMN mnemonic TEXT CHECK (mnemonic IS NULL OR length(mnemonic) <= 32);
CREATE INDEX catalog_items_mnemonic_todo ON catalog_items(code) WHERE mnemonic IS NULL;

CREATE TABLE catalog_mnemonics (
  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 32),
  code TEXT NOT NULL REFERENCES catalog_items(code) ON DELETE CASCADE,
  PRIMARY KEY (key, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX catalog_mnemonics_code ON catalog_mnemonics(code);
`;
