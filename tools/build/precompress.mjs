#!/usr/bin/env node
// The portal's build, compressed once at build time: writes `file.br` (brotli at its highest
// quality) and `file.gz` beside every text file of the folder that they make smaller, for the
// API to send instead (@fastify/static `preCompressed`). A patient opens the portal on a phone,
// often on mobile data; the highest qualities take seconds here and would cost every request
// at serve time.
//   node tools/build/precompress.mjs dist/apps/portal/browser
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.webmanifest']);

const [folder] = process.argv.slice(2);
if (!folder) {
  console.error('usage: precompress.mjs FOLDER');
  process.exit(2);
}

let raw = 0;
let sent = 0;
let files = 0;
for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !TEXT.has(extname(entry.name))) continue;
  const path = join(entry.parentPath, entry.name);
  const content = readFileSync(path);
  const br = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
  const gz = gzipSync(content, { level: constants.Z_BEST_COMPRESSION });
  raw += content.length;
  // A copy no smaller than the file would only cost the browser time to decode; a file gets
  // both copies or neither.
  if (br.length >= content.length || gz.length >= content.length) {
    sent += content.length;
    continue;
  }
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gz);
  sent += br.length;
  files++;
}
console.log(
  `Precompressed ${files} files in ${folder}: ${(raw / 1000).toFixed(1)} kB raw, ${(sent / 1000).toFixed(1)} kB with brotli`,
);
