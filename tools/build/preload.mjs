#!/usr/bin/env node
// Lets the browser fetch the portal's scripts as early as it can, from the build's stats:
// - every script the portal starts with, as `<link rel="modulepreload">`. Angular's build links
//   at most ten of main.js's static imports; the rest (here Angular's core, the largest) were
//   found only once main.js had arrived and been parsed, a round trip later: 0.5 s on a phone's
//   mobile connection (`npm run bench:portal`, docs/PERFORMANCE.md).
// - per role area (`app/<area>/<area>.routes.ts`), the scripts it loads beyond those, as JSON in
//   index.html (`#area-scripts`, data the page never executes): the portal preloads the area of
//   whoever signed in last all at once (preloadArea in core/boot/early-start.ts), where the
//   browser would find its shared chunks only after the area's own, another round trip.
// - the early start (`polyfills` entry, src/boot.ts, which does that preloading and asks for the
//   session) ahead of everything else: over HTTP/1.1 the browser sends six requests at a time,
//   in the page's order, and it came after all the others.
//   node tools/build/preload.mjs dist/apps/portal
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder] = process.argv.slice(2);
if (!folder) {
  console.error('usage: preload.mjs BUILD_FOLDER (holding stats.json and browser/)');
  process.exit(2);
}

const { outputs } = JSON.parse(readFileSync(join(folder, 'stats.json'), 'utf8'));

/** The scripts `file` imports statically, directly or not. */
function staticImports(file) {
  const found = new Set();
  const pending = [file];
  for (let next = pending.pop(); next; next = pending.pop()) {
    for (const { path, kind } of outputs[next].imports) {
      if (kind !== 'import-statement' || found.has(path)) continue;
      found.add(path);
      pending.push(path);
    }
  }
  return found;
}

const main = Object.keys(outputs).find((file) => outputs[file].entryPoint?.endsWith('/main.ts'));
if (!main) throw new Error(`no main entry in ${join(folder, 'stats.json')}`);
const initial = staticImports(main);

const areas = {};
for (const [file, { entryPoint }] of Object.entries(outputs)) {
  const area = entryPoint?.match(/\/app\/([^/]+)\/\1\.routes\.ts$/)?.[1];
  if (area) areas[area] = [file, ...staticImports(file)].filter((script) => !initial.has(script));
}

const indexPath = join(folder, 'browser', 'index.html');
const built = readFileSync(indexPath, 'utf8');
const earlyStart = built.match(/<script src="polyfills-[^"]+" type="module"><\/script>/)?.[0];
if (!earlyStart) throw new Error(`${indexPath} loads no polyfills script (src/boot.ts)`);
// Undone first, so running this twice gives the same file.
const index = built
  .replace(/<script type="application\/json" id="area-scripts">[^<]*<\/script>/, '')
  .replace(earlyStart, '');
const preloaded = new Set(
  [...index.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((match) => match[1]),
);
const missing = [...initial].filter((file) => !preloaded.has(file));
const mainScript = `<script src="${main}" type="module">`;
if (!index.includes(mainScript)) throw new Error(`${indexPath} does not load ${main}`);
// First in line: over HTTP/1.1 a browser opens six connections to the server, and the ones the
// build leaves out are the deepest, largest imports.
const firstPreload = preloaded.size > 0 ? '<link rel="modulepreload"' : mainScript;
const links = missing.map((file) => `<link rel="modulepreload" href="${file}">`).join('');
const areaScripts = `<script type="application/json" id="area-scripts">${JSON.stringify(areas)}</script>`;
writeFileSync(
  indexPath,
  index.replace(firstPreload, earlyStart + areaScripts + links + firstPreload),
);
console.log(
  `Preloading ${initial.size} initial scripts in ${indexPath} (${missing.length} added to the build's ${preloaded.size}); ` +
    Object.entries(areas)
      .map(([area, scripts]) => `${area} area ${scripts.length}`)
      .join(', '),
);
