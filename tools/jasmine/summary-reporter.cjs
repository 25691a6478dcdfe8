// Jasmine helper: writes the run's counts, and a line for each failure, to $TEST_SUMMARY_FILE
// so that tools/ci/test-all.mjs can add up every runner without parsing console output, and
// repeat the failures where a truncated CI log still shows them: at its end.
const fs = require('node:fs');
const path = require('node:path');

/** The spec's name and the start of what went wrong: a failure that does not come back on a
 * rerun can still be told apart from the others. apps/portal/karma.conf.cjs writes the same. */
function failureLine(name, message) {
  const reason = String(message ?? '')
    .trim()
    .split('\n')[0]
    .slice(0, 240);
  return reason ? `${name} — ${reason}` : name;
}

const target = process.env.TEST_SUMMARY_FILE;
if (target) {
  let passed = 0;
  let skipped = 0;
  /** [name, first failure message] of each failed spec or suite, until the seed is known. */
  const failed = [];
  jasmine.getEnv().addReporter({
    specDone(result) {
      if (result.status === 'passed') passed++;
      else if (result.status === 'failed')
        failed.push([result.fullName, result.failedExpectations[0]?.message]);
      else skipped++;
    },
    suiteDone(result) {
      // A failing afterAll/beforeAll is a failure even when every spec passed.
      if (result.status === 'failed')
        failed.push([
          `${result.fullName} (beforeAll/afterAll)`,
          result.failedExpectations[0]?.message,
        ]);
    },
    jasmineDone(result) {
      if (result.overallStatus === 'failed' && failed.length === 0)
        failed.push([`run: ${result.incompleteReason ?? 'failed outside any spec'}`]);
      // Specs run in random order: the seed replays it (`npx jasmine --seed=N`).
      const seed = result.order?.random ? ` [seed ${result.order.seed}]` : '';
      const failures = failed.map(([name, message]) => failureLine(name + seed, message));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(
        target,
        JSON.stringify({ passed, failed: failures.length, skipped, failures }),
      );
    },
  });
}
