#!/usr/bin/env node
// `npm test`: every runner, in order — type check, lint (ESLint + Prettier), vitest (unit + integration), Playwright
// (web and electron projects) — then one summary line summed over all of them:
//   tests: N passed, N failed
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2); // e.g. `npm test -- vitest` to run one runner
const wants = (name) => only.length === 0 || only.includes(name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
/** One line per failed test (runner, file, name, first line of its error). */
const failures = [];

function run(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  return { status: r.status ?? 1, ms: Date.now() - started };
}

if (wants('typecheck')) {
  const r = run('typecheck', process.execPath, [join(root, 'scripts/typecheck.mjs')]);
  // The type check counts as one test: the layering rules depend on it.
  if (r.status === 0) totals.passed++;
  else totals.failed++;
  lines.push(`typecheck: ${r.status === 0 ? 'passed' : 'FAILED'} (${(r.ms / 1000).toFixed(1)} s)`);
}

if (wants('lint')) {
  // ESLint (incl. the folder layering rules) and Prettier's check count as one test.
  const eslint = run('lint: eslint', process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
  const prettier = run('lint: prettier --check', process.execPath, [
    join(root, 'node_modules/prettier/bin/prettier.cjs'),
    '--check',
    '--log-level=warn',
    '.',
  ]);
  const ok = eslint.status === 0 && prettier.status === 0;
  if (ok) totals.passed++;
  else totals.failed++;
  lines.push(`lint: ${ok ? 'passed' : 'FAILED'} (${((eslint.ms + prettier.ms) / 1000).toFixed(1)} s)`);
}

if (wants('vitest')) {
  const out = join(root, '.vitest-results.json');
  rmSync(out, { force: true });
  const r = run('vitest (unit + integration)', process.execPath, [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    counts.passed = report.numPassedTests ?? 0;
    // Failed tests, plus files that failed without a failed test (an import error, a failing
    // beforeAll). Not numFailedTestSuites: it counts every describe block above a failed test too,
    // so one failed test read as two.
    counts.failed = (report.numFailedTests ?? 0) + countFilesFailedWithoutTests(report);
    counts.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    for (const suite of report.testResults ?? []) {
      const file = relative(root, suite.name ?? '');
      const failedTests = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
      for (const a of failedTests)
        failures.push(`vitest ${file} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
      if (suite.status === 'failed' && failedTests.length === 0)
        failures.push(
          `vitest ${file}: ${firstLine(suite.message || 'failed outside any test (a hook or the file itself; see the log above)')}`,
        );
    }
  }
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1; // the runner failed without a countable test
  add('vitest', counts, r.ms);
}

if (wants('playwright')) {
  const out = join(root, '.playwright-results.json');
  rmSync(out, { force: true });
  const r = run(
    'playwright (e2e: web + electron)',
    process.execPath,
    [join(root, 'node_modules/@playwright/test/cli.js'), 'test'],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: out,
    },
  );
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const stats = report.stats ?? {};
    counts.passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
    counts.failed = stats.unexpected ?? 0;
    counts.skipped = stats.skipped ?? 0;
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status !== 'unexpected') continue;
          const error = (t.results ?? []).map((x) => x.error?.message).find(Boolean);
          failures.push(`playwright [${t.projectName}] ${spec.file}:${spec.line} › ${spec.title}: ${firstLine(error)}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of report.suites ?? []) walk(suite);
  }
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
  add('playwright', counts, r.ms);
}

/** The first line of an error, without colour codes, short enough for a summary line. */
function firstLine(text) {
  const line =
    String(text ?? 'no message')
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
      .split('\n')
      .find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 300);
}

function countFilesFailedWithoutTests(report) {
  return (report.testResults ?? []).filter(
    (s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
}

function add(name, counts, ms) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(
    `${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${(ms / 1000).toFixed(1)} s)`,
  );
}

console.log('\n=== summary ===');
for (const line of lines) console.log(line);
// Named here, just above the last line, so a log that keeps only its tail still says what failed.
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
