// Jasmine helper: writes the run's counts, and the names of what failed, to $TEST_SUMMARY_FILE
// so that tools/ci/test-all.mjs can add up every runner without parsing console output, and
// repeat the failures where a truncated CI log still shows them: at its end.
const fs = require('node:fs');
const path = require('node:path');
const { failureLine } = require('./failure-line.cjs');

const target = process.env.TEST_SUMMARY_FILE;
if (target) {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  /** [name, first failure message] of each failed spec or suite, until the seed is known. */
  const failed = [];
  jasmine.getEnv().addReporter({
    specDone(result) {
      if (result.status === 'passed') counts.passed++;
      else if (result.status === 'failed') {
        counts.failed++;
        failed.push([result.fullName, result.failedExpectations[0]?.message]);
      } else counts.skipped++;
    },
    suiteDone(result) {
      // A failing afterAll/beforeAll is a failure even when every spec passed.
      if (result.status === 'failed') {
        counts.failed++;
        failed.push([
          `${result.fullName} (beforeAll/afterAll)`,
          result.failedExpectations[0]?.message,
        ]);
      }
    },
    jasmineDone(result) {
      if (result.overallStatus === 'failed' && counts.failed === 0) {
        counts.failed = 1;
        failed.push([`run: ${result.incompleteReason ?? 'failed outside any spec'}`]);
      }
      // Specs run in random order: the seed replays it (`npx jasmine --seed=N`).
      const seed = result.order?.random ? ` [seed ${result.order.seed}]` : '';
      counts.failures.push(...failed.map(([name, message]) => failureLine(name + seed, message)));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, JSON.stringify(counts));
    },
  });
}
