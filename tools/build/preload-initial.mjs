#!/usr/bin/env node
// Lets the browser fetch every script the portal starts with at once. Angular's build links at
// most ten of main.js's static imports as `<link rel="modulepreload">`; the rest (here Angular's
// core, the largest) were found only once main.js had arrived and been parsed, a round trip
// later: 0.9 s on a phone's mobile connection (`npm run bench:portal`, docs/PERFORMANCE.md).
// This adds a preload for each one left out, from the build's stats.
//   node tools/build/preload-initial.mjs dist/apps/portal
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder] = process.argv.slice(2);
if (!folder) {
  console.error('usage: preload-initial.mjs BUILD_FOLDER (holding stats.json and browser/)');
  process.exit(2);
}

const { outputs } = JSON.parse(readFileSync(join(folder, 'stats.json'), 'utf8'));
const main = Object.keys(outputs).find((file) => outputs[file].entryPoint?.endsWith('/main.ts'));
if (!main) throw new Error(`no main entry in ${join(folder, 'stats.json')}`);

const initial = new Set();
const pending = [main];
for (let file = pending.pop(); file; file = pending.pop()) {
  for (const { path, kind } of outputs[file].imports) {
    if (kind !== 'import-statement' || initial.has(path)) continue;
    initial.add(path);
    pending.push(path);
  }
}

const indexPath = join(folder, 'browser', 'index.html');
const index = readFileSync(indexPath, 'utf8');
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
writeFileSync(indexPath, index.replace(firstPreload, links + firstPreload));
console.log(
  `Preloading ${initial.size} initial scripts in ${indexPath} (${missing.length} added to the build's ${preloaded.size})`,
);
