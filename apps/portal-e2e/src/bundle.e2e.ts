import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './support/paths';

/** esbuild's metafile, which the portal's production build writes (statsJson). */
interface BuildStats {
  outputs: Record<
    string,
    {
      bytes: number;
      entryPoint?: string;
      imports: Array<{ path: string; kind: string }>;
      inputs: Record<string, unknown>;
    }
  >;
}

const STATS = join(WORKSPACE_ROOT, 'dist/apps/portal/stats.json');
const INITIAL_BUDGET_BYTES = 500 * 1000;
/** Chart.js, its Angular binding and colour helper, and the portal's own chart components. */
const CHART_CODE = /node_modules\/(chart\.js|ng2-charts|@kurkle\/color)\/|\/shared\/charts\//;
/** The error notice's snack bar and the CDK overlay under it: loaded beside the first request. */
const NOTICE_CODE =
  /node_modules\/@angular\/(material\/fesm2022\/snack-bar|cdk\/fesm2022\/_overlay)/;

/**
 * What a first visit downloads: main.js, everything it imports statically, and the global
 * styles. Lazy route chunks (dynamic imports) are left out.
 */
function initialFiles(stats: BuildStats): string[] {
  const main = Object.keys(stats.outputs).find(
    (file) => stats.outputs[file].entryPoint === 'apps/portal/src/main.ts',
  );
  if (!main) throw new Error(`no main entry in ${STATS}`);
  const initial = new Set<string>([main]);
  const pending = [main];
  for (let file = pending.pop(); file; file = pending.pop()) {
    for (const imported of stats.outputs[file].imports) {
      if (imported.kind !== 'import-statement' || initial.has(imported.path)) continue;
      initial.add(imported.path);
      pending.push(imported.path);
    }
  }
  for (const file of Object.keys(stats.outputs))
    if (/^styles-.*\.css$/.test(file)) initial.add(file);
  return [...initial];
}

describe('portal production bundle (from the build stats)', () => {
  const stats = JSON.parse(readFileSync(STATS, 'utf8')) as BuildStats;
  const initial = initialFiles(stats);

  it(`keeps the initial download under ${INITIAL_BUDGET_BYTES / 1000} kB raw`, () => {
    const bytes = initial.reduce((sum, file) => sum + stats.outputs[file].bytes, 0);
    console.log(`Initial bundle: ${(bytes / 1000).toFixed(1)} kB raw in ${initial.length} files`);
    expect(bytes).toBeLessThanOrEqual(INITIAL_BUDGET_BYTES);
  });

  it('loads chart code only with the pages that draw charts', () => {
    const chartFiles = Object.keys(stats.outputs).filter((file) =>
      Object.keys(stats.outputs[file].inputs).some((input) => CHART_CODE.test(input)),
    );
    // Charts are in the build at all, or this check would pass for the wrong reason.
    expect(chartFiles.length).toBeGreaterThan(0);
    expect(chartFiles.filter((file) => initial.includes(file))).toEqual([]);
  });

  it('loads the error notice (snack bar, overlay) after the first paint', () => {
    const noticeFiles = Object.keys(stats.outputs).filter((file) =>
      Object.keys(stats.outputs[file].inputs).some((input) => NOTICE_CODE.test(input)),
    );
    expect(noticeFiles.length).toBeGreaterThan(0);
    expect(noticeFiles.filter((file) => initial.includes(file))).toEqual([]);
  });
});
