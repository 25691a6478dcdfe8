// Jasmine helper: writes the run's counts, and the names of what failed, to $TEST_SUMMARY_FILE
// so that tools/ci/test-all.mjs can add up every runner without parsing console output, and
// repeat the failures where a truncated CI log still shows them: at its end.
const fs = require('node:fs');
const path = require('node:path');

const target = process.env.TEST_SUMMARY_FILE;
if (target) {
  const counts = { passed: 0, failed: 0, skipped: 0, failures: [] };
  jasmine.getEnv().addReporter({
    specDone(result) {
      if (result.status === 'passed') counts.passed++;
      else if (result.status === 'failed') {
        counts.failed++;
        counts.failures.push(result.fullName);
      } else counts.skipped++;
    },
    suiteDone(result) {
      // A failing afterAll/beforeAll is a failure even when every spec passed.
      if (result.status === 'failed') {
        counts.failed++;
        counts.failures.push(`${result.fullName} (beforeAll/afterAll)`);
      }
    },
    jasmineDone(result) {
      if (result.overallStatus === 'failed' && counts.failed === 0) {
        counts.failed = 1;
        counts.failures.push(`run: ${result.incompleteReason ?? 'failed outside any spec'}`);
      }
      // Specs run in random order: the seed replays it (`npx jasmine --seed=N`).
      if (counts.failures.length && result.order?.random)
        counts.failures = counts.failures.map((name) => `${name} [seed ${result.order.seed}]`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, JSON.stringify(counts));
    },
  });
}
