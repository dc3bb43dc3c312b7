import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Code cites docs/ARCHITECTURE.md by section number ("docs/ARCHITECTURE.md §6.3"). Every cited
 * section must exist, and nothing may cite the design notes kept outside the repository.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AREAS = ['app', 'main', 'native', 'renderer', 'scripts', 'e2e'];
const SKIP = new Set(['node_modules', 'dist', 'test-results', 'playwright-report']);
const TEXT = /\.(ts|tsx|mts|mjs|cjs|js|md)$/;

function files(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (TEXT.test(e.name)) out.push(p);
  }
  return out;
}

function sections(): Set<string> {
  const doc = fs.readFileSync(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');
  return new Set([...doc.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]!));
}

describe('docs/ARCHITECTURE.md citations', () => {
  const all = AREAS.flatMap((a) => files(path.join(root, a))).filter((f) => f !== fileURLToPath(import.meta.url));

  it('has numbered sections', () => {
    expect([...sections()]).toEqual(expect.arrayContaining(['1', '3', '4', '6', '6.1', '6.3', '7', '10']));
  });

  it('every "ARCHITECTURE.md §n" in the code names a section that exists', () => {
    const known = sections();
    const missing: string[] = [];
    let cited = 0;
    for (const f of all) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/ARCHITECTURE\.md[^§\n]{0,40}§(\d+(?:\.\d+)?)/g)) {
        cited++;
        if (!known.has(m[1]!)) missing.push(`${path.relative(root, f)}: §${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    expect(cited).toBeGreaterThan(0);
  });

  it('nothing cites the design notes that are not in the repository', () => {
    const outside = all
      .filter((f) => /DESIGN(\.md)? §|USERS\.md|STACK-NOTES/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(outside).toEqual([]);
  });
});
