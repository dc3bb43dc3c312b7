#!/usr/bin/env node
// The README's test command (`npm test`): every suite, one closing line.
//   1. type-check the four TypeScript projects (node, web, electron, e2e); lint (ESLint, Prettier)
//   2. vitest: unit and integration tests (real SQLite, real loopback HTTP)
//   3. build, then Playwright e2e in Debian's Chromium through the browser shell
// Ends with "N passed, N failed, N skipped" totalled over all suites; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
fs.mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const suites = [];

function run(label, cmd, args, env = {}) {
  process.stderr.write(`\n=== ${label}: ${[path.basename(cmd), ...args].join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { code: r.status ?? 1, seconds };
}

function record(label, passed, failed, skipped, seconds) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  suites.push(`${label}: ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds}s)`);
}

// 1. Type-check: each project is one check.
for (const project of ['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.electron.json', 'tsconfig.e2e.json']) {
  const r = run(`typecheck ${project}`, bin('tsc'), ['-p', project, '--noEmit']);
  record(`typecheck ${project}`, r.code === 0 ? 1 : 0, r.code === 0 ? 0 : 1, 0, r.seconds);
}

// 2. Other config checks that must pass (electron-builder config validation), when present.
if (fs.existsSync(path.join(root, 'scripts', 'check-builder-config.mjs'))) {
  const r = run('electron-builder config', process.execPath, [path.join(root, 'scripts', 'check-builder-config.mjs')]);
  record('electron-builder config', r.code === 0 ? 1 : 0, r.code === 0 ? 0 : 1, 0, r.seconds);
}

// 2b. Lint: ESLint (typescript-eslint, React hooks, import cycles) and Prettier's format check.
{
  const r = run('eslint', bin('eslint'), ['.', '--max-warnings=0']);
  record('eslint', r.code === 0 ? 1 : 0, r.code === 0 ? 0 : 1, 0, r.seconds);
  const p = run('prettier', bin('prettier'), ['--check', '--log-level=warn', '.']);
  record('prettier', p.code === 0 ? 1 : 0, p.code === 0 ? 0 : 1, 0, p.seconds);
}

// 3. vitest
{
  const out = path.join(resultsDir, 'vitest.json');
  fs.rmSync(out, { force: true });
  const r = run('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${out}`]);
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    const failed = j.numFailedTests + (r.code !== 0 && j.numFailedTests === 0 ? 1 : 0);
    record('vitest', j.numPassedTests, failed, (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0), r.seconds);
  } else {
    record('vitest', 0, 1, 0, r.seconds);
  }
}

// 4. build + Playwright
{
  const b = run('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  if (b.code !== 0) {
    record('build', 0, 1, 0, b.seconds);
  } else {
    const out = path.join(resultsDir, 'playwright.json');
    fs.rmSync(out, { force: true });
    const r = run('playwright', bin('playwright'), ['test'], { CI: 'true' });
    if (fs.existsSync(out)) {
      const report = JSON.parse(fs.readFileSync(out, 'utf8'));
      const s = report.stats;
      // Say why each skipped test was skipped (e.g. no Electron binary on this machine).
      const walk = (suite, trail) => {
        for (const spec of suite.specs ?? []) {
          for (const t of spec.tests ?? []) {
            if (t.status !== 'skipped') continue;
            const why = (t.annotations ?? [])
              .filter((a) => a.type === 'skip')
              .map((a) => a.description)
              .filter(Boolean);
            process.stderr.write(
              `skipped: ${[...trail, spec.title].join(' › ')} — ${why.join('; ') || 'no reason given'}\n`,
            );
          }
        }
        for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
      };
      for (const suite of report.suites ?? []) walk(suite, [suite.title]);
      const failed = s.unexpected + (r.code !== 0 && s.unexpected === 0 ? 1 : 0);
      record('playwright', s.expected + (s.flaky ?? 0), failed, s.skipped, r.seconds);
    } else {
      record('playwright', 0, 1, 0, r.seconds);
    }
  }
}

process.stderr.write('\n' + suites.map((s) => `  ${s}`).join('\n') + '\n\n');
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed === 0 ? 0 : 1);
