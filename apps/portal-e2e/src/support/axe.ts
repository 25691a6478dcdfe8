import type { AxeResults, ImpactValue, Result } from 'axe-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WORKSPACE_ROOT } from './paths';

const AXE_SCRIPT = join(WORKSPACE_ROOT, 'node_modules/axe-core/axe.min.js');
let cachedSource: string | null = null;
function axeSource(): string {
  cachedSource ??= readFileSync(AXE_SCRIPT, 'utf8');
  return cachedSource;
}

const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

/** The page's serious and critical accessibility violations, as readable one-liners. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the API's Content-Security-Policy (rightly) blocks
  // inline scripts, and turning CSP off for tests would hide the app's own CSP breakages.
  // (@axe-core/playwright is not used: it requires a newer Node than ours.)
  // Material fades messages in: measured mid-animation, a field error's colour reads as too
  // faint. Check what the person ends up seeing, once animations have settled.
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        // Endless ones (a spinner) never settle and do not matter here.
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .every((animation) => animation.playState !== 'running'),
    undefined,
    { timeout: 5000 },
  );
  await page.evaluate(axeSource());
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document): Promise<AxeResults> } }).axe.run(
      document,
    ),
  );
  return results.violations
    .filter((violation: Result) => violation.impact && BLOCKING.includes(violation.impact))
    .map(
      (violation: Result) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ` +
        violation.nodes.map((node) => node.target.join(' ')).join(', '),
    );
}
