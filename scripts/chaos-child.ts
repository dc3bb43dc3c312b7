/** Bundling a chaos test's child process (scripts/chaos-*.ts): one esbuild bundle per run, so each restart is fast. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');

/** Bundle `scripts/<entry>` (better-sqlite3 stays external) into node_modules/.cache; returns the file. */
export async function bundleChaosChild(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const outDir = path.join(ROOT, 'node_modules', '.cache', 'counterpay-chaos');
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(HERE, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}
