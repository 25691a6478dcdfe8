#!/usr/bin/env node
// `npm test`: every test runner of the workspace in turn, then one closing line
// `N passed, N failed` summed over all of them; exits non-zero on any failure.
//   node tools/ci/test-all.mjs [project ...]   (default: all but the opt-in ones)
// Every runner writes its counts to $TEST_SUMMARY_FILE: Jasmine through
// tools/jasmine/summary-reporter.cjs, Karma through the reporter in apps/portal/karma.conf.cjs.
// TEST_TOTALS_FILE, when set, receives the totals as JSON (for .ci/run's grand total).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = [
  { project: 'domain', target: 'test' },
  { project: 'contracts', target: 'test' },
  { project: 'api', target: 'test' },
  { project: 'portal', target: 'test' },
  { project: 'portal-e2e', target: 'e2e' },
  // Minutes of crashes and restarts: only when named (`npm run test:resilience`).
  { project: 'api-resilience', target: 'test', optIn: true },
];

const wanted = process.argv.slice(2);
const runs = wanted.length
  ? RUNS.filter((run) => wanted.includes(run.project))
  : RUNS.filter((run) => !run.optIn);
const workDir = mkdtempSync(join(tmpdir(), 'rehabit-tests-'));
const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
const lines = [];

for (const run of runs) {
  const summaryFile = join(workDir, `${run.project}.json`);
  const started = Date.now();
  const code = await execute(
    'npx',
    ['nx', 'run', `${run.project}:${run.target}`, '--skip-nx-cache', '--outputStyle=stream'],
    {
      ...process.env,
      NX_DAEMON: 'false',
      NX_TUI: 'false',
      NG_CLI_ANALYTICS: 'false',
      TEST_SUMMARY_FILE: summaryFile,
    },
  );
  const counts = countsFrom(summaryFile);
  // A runner that failed without a failing spec (crash, coverage below threshold, build error)
  // still counts as a failure.
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1;
    counts.failures = [`runner exited with code ${code} (see its output above)`];
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  totals.failures.push(...(counts.failures ?? []).map((name) => `${run.project}: ${name}`));
  lines.push(
    `${run.project.padEnd(12)} ${String(counts.passed).padStart(4)} passed ${String(counts.failed).padStart(3)} failed ` +
      `${String(counts.skipped).padStart(3)} skipped  ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

rmSync(workDir, { recursive: true, force: true });
console.log(`\nTest summary (Node ${process.version})`);
for (const line of lines) console.log(`  ${line}`);
if (totals.failures.length) console.log(failureList(totals.failures));
if (process.env.TEST_TOTALS_FILE)
  writeFileSync(process.env.TEST_TOTALS_FILE, JSON.stringify(totals));
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed > 0 ? 1 : 0);

function execute(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// The names again at the end of the log, where a CI page that keeps only the tail shows them.
function failureList(failures) {
  return ['Failed:', ...failures.map((name) => `  - ${name}`)].join('\n');
}

function countsFrom(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0, failures: [] };
  return JSON.parse(readFileSync(file, 'utf8'));
}
