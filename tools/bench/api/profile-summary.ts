/**
 * Prints where a V8 CPU profile (`node --cpu-prof`) spent its time: self time by function and
 * by package, busiest first. `node -r ./tools/jasmine/register.cjs tools/bench/api/profile-summary.ts FILE [N]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
  );
  const total = [...self.values()].reduce((sum, value) => sum + value, 0);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const where = frame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '');
    const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
    packages.set(packageOf(frame), (packages.get(packageOf(frame)) ?? 0) + micros);
  }
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  return `Self time by package:\n${list(packages)}\n\nSelf time by function:\n${list(functions)}`;
}

function packageOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (frame.url.startsWith('node:')) return 'node core';
  if (frame.url.startsWith('wasm:')) return 'WebAssembly (PGlite)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  return match ? match[1] : frame.url.includes('/apps/') ? 'rehabit' : frame.url;
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25)));
}
