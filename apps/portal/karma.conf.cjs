// Karma for `nx test portal` (@angular/build:karma). The builder supplies files, basePath and
// the Angular plugins; this file only chooses the browser and what the run prints.
const fs = require('node:fs');
const path = require('node:path');

// Chromium is a system package on these machines; no browser download happens anywhere.
process.env.CHROME_BIN ||= '/usr/bin/chromium';

// Prints one closing line, "TOTAL: N SUCCESS" or "TOTAL: F FAILED, N SUCCESS", whatever the
// browser count (karma's own reporters print it only for some setups), and writes
// {passed, failed, skipped, failures} to $TEST_SUMMARY_FILE in the shape of
// tools/jasmine/summary-reporter.cjs, so CI can sum every runner without parsing logs.
function SummaryReporter(baseReporterDecorator) {
  baseReporterDecorator(this);
  // No adapters: the base reporter would otherwise repeat every line `dots` already prints.
  this.adapters = [];
  const failures = [];
  this.onSpecComplete = (_browser, result) => {
    if (!result.success && !result.skipped) {
      // The name and the first line of what went wrong, as tools/jasmine/summary-reporter.cjs
      // writes them for Jasmine (an app's config may not import from tools/).
      const name = [...result.suite, result.description].join(' ');
      const reason = String(result.log[0] ?? '')
        .trim()
        .split('\n')[0]
        .slice(0, 240);
      failures.push(reason ? `${name} — ${reason}` : name);
    }
  };
  this.onRunComplete = (_browsers, results) => {
    // An error outside any spec (a failing import, a disconnect) must not read as green.
    const failed = results.failed || (results.error || results.disconnected ? 1 : 0);
    if (failed && failures.length === 0)
      failures.push(
        results.disconnected ? 'run: browser disconnected' : 'run: error outside any spec',
      );
    process.stdout.write(
      failed
        ? `TOTAL: ${failed} FAILED, ${results.success} SUCCESS\n`
        : `TOTAL: ${results.success} SUCCESS\n`,
    );
    const target = process.env.TEST_SUMMARY_FILE;
    if (!target) return;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(
      target,
      JSON.stringify({ passed: results.success, failed, skipped: results.skipped ?? 0, failures }),
    );
  };
}
SummaryReporter.$inject = ['baseReporterDecorator'];

module.exports = function (config) {
  config.set({
    frameworks: ['jasmine'],
    plugins: [
      require('karma-jasmine'),
      require('karma-chrome-launcher'),
      { 'reporter:summary': ['type', SummaryReporter] },
    ],
    client: {
      jasmine: { random: true },
      clearContext: false,
    },
    reporters: ['dots', 'summary'],
    // Plain text: CI logs are read by scripts as well as people.
    colors: false,
    customLaunchers: {
      ChromeHeadlessCI: {
        base: 'ChromeHeadless',
        // Root in a container: the sandbox cannot start; /dev/shm is small.
        flags: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      },
    },
    browsers: ['ChromeHeadlessCI'],
    singleRun: true,
    autoWatch: false,
    restartOnFileChange: false,
    browserNoActivityTimeout: 60000,
  });
};
