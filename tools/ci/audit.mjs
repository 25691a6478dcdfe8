#!/usr/bin/env node
// `npm run audit:deps`: `npm audit` of what ships (production dependencies only), judged here
// rather than by `--audit-level` so that a reviewed exception can be recorded and so that "the
// advisory service could not be asked" is told apart from "a vulnerability was found".
//   exit 0  no high or critical advisory, or each one is explained in docs/security-exceptions.json
//   exit 1  a high or critical advisory nobody has explained, or npm failed for another reason
//   exit 2  the advisory service could not be reached: nothing was checked (CI may only warn)
// See docs/SECURITY.md for the exceptions file and what to do with each outcome.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXCEPTIONS_FILE = 'docs/security-exceptions.json';
const BLOCKING = new Set(['high', 'critical']);
// An explanation is a judgement about the code as it was; it has to be made again regularly.
const EXCEPTION_VALID_DAYS = 90;
const EXIT_FOUND = 1;
const EXIT_NOT_RUN = 2;

const exceptions = readExceptions();
const npm = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (npm.error) fail(`could not start npm: ${npm.error.message}`);

const output = parseJson(npm.stdout);
if (!output) {
  fail(`npm audit printed no JSON (exit ${npm.status}): ${firstLine(npm.stderr)}`);
} else if (isAdvisoryServiceFailure(output)) {
  console.log(
    `audit:deps: the dependency audit could not run, nothing was checked: the npm advisory ` +
      `service did not answer (${firstLine(output.message)}).`,
  );
  process.exit(EXIT_NOT_RUN);
} else if (!isReport(output)) {
  fail(`npm audit failed: ${describeNpmError(output)}`);
}

const advisories = blockingAdvisories(output);
const today = new Date();
const unexplained = [];
for (const advisory of advisories) {
  const exception = exceptions.find((entry) => explains(entry, advisory));
  const age = exception ? daysBetween(new Date(exception.reviewed), today) : null;
  if (exception && age <= EXCEPTION_VALID_DAYS) {
    console.log(`explained  ${describe(advisory)}\n           why: ${exception.why}`);
  } else {
    unexplained.push(advisory);
    const stale = exception
      ? ` (its explanation was reviewed ${age} days ago: review it again)`
      : '';
    console.log(`UNEXPLAINED ${describe(advisory)}${stale}`);
  }
}
for (const entry of exceptions) {
  if (!advisories.some((advisory) => explains(entry, advisory))) {
    console.log(
      `note: ${entry.id} (${entry.package}) is no longer reported; remove it from ${EXCEPTIONS_FILE}.`,
    );
  }
}

const counts = output.metadata?.vulnerabilities ?? {};
const others = ['moderate', 'low', 'info']
  .map((severity) => `${counts[severity] ?? 0} ${severity}`)
  .join(', ');
if (unexplained.length > 0) {
  console.log(
    `audit:deps: ${unexplained.length} high or critical advisor${unexplained.length === 1 ? 'y' : 'ies'} ` +
      `in production dependencies not explained in ${EXCEPTIONS_FILE} (also ${others}). ` +
      `Upgrade, or record why it does not apply (docs/SECURITY.md).`,
  );
  process.exit(EXIT_FOUND);
}
console.log(
  `audit:deps: no unexplained high or critical advisory in production dependencies ` +
    `(${advisories.length} explained; also ${others}).`,
);

/** Each high or critical advisory once, named by its GHSA id when it has one. */
function blockingAdvisories(report) {
  const found = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    // `via` also lists package names, for packages only affected through a dependency; the
    // advisory itself appears under the dependency's own entry.
    for (const via of vulnerability.via ?? []) {
      if (typeof via !== 'object' || !BLOCKING.has(via.severity)) continue;
      const id = /GHSA-\w{4}-\w{4}-\w{4}/i.exec(via.url ?? '')?.[0] ?? String(via.source);
      found.set(`${id} ${via.name}`, {
        id,
        package: via.name,
        severity: via.severity,
        range: via.range,
        title: via.title,
        url: via.url,
      });
    }
  }
  return [...found.values()];
}

function explains(entry, advisory) {
  return entry.id.toUpperCase() === advisory.id.toUpperCase() && entry.package === advisory.package;
}

function describe(advisory) {
  return `${advisory.severity} ${advisory.id} ${advisory.package} ${advisory.range}: ${advisory.title} ${advisory.url ?? ''}`.trim();
}

function readExceptions() {
  const file = `${ROOT}/${EXCEPTIONS_FILE}`;
  if (!existsSync(file)) return [];
  const entries = parseJson(readFileSync(file, 'utf8'));
  if (!Array.isArray(entries)) fail(`${EXCEPTIONS_FILE} must be a JSON array`);
  entries.forEach((entry, index) => {
    const valid =
      typeof entry?.id === 'string' &&
      entry.id.trim() !== '' &&
      typeof entry.package === 'string' &&
      entry.package.trim() !== '' &&
      typeof entry.why === 'string' &&
      entry.why.trim().length >= 20 &&
      typeof entry.reviewed === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(entry.reviewed) &&
      !Number.isNaN(Date.parse(entry.reviewed));
    if (!valid) {
      fail(
        `${EXCEPTIONS_FILE} entry ${index} needs id, package, why (a sentence) and reviewed (YYYY-MM-DD)`,
      );
    }
  });
  return entries;
}

function isReport(value) {
  return typeof value.auditReportVersion === 'number' && typeof value.vulnerabilities === 'object';
}

/**
 * npm prints the failed request to the advisory endpoint (an HTTP status, a refused
 * connection, a DNS failure) as `{ message, uri?, statusCode? }`. Any other failure — no
 * lockfile, a broken install — is the project's own problem and must not pass as "not run".
 */
function isAdvisoryServiceFailure(value) {
  const where = `${value.uri ?? ''} ${value.message ?? ''}`;
  return typeof value.message === 'string' && where.includes('/-/npm/v1/security/');
}

function describeNpmError(value) {
  const error = value.error ?? {};
  return [error.code, error.summary, value.message].filter(Boolean).join(' ') || 'unknown error';
}

function parseJson(text) {
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}

function firstLine(text) {
  return (
    String(text ?? '')
      .trim()
      .split('\n')[0] || 'no message'
  );
}

function daysBetween(from, to) {
  return Math.floor((to.getTime() - from.getTime()) / (24 * 3600 * 1000));
}

function fail(message) {
  console.error(`audit:deps: ${message}`);
  process.exit(EXIT_FOUND);
}
