import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { WORKSPACE_ROOT } from './paths';

/**
 * The API's production build, compiled by tsc from its own tsconfig as `nx run api:build` does,
 * into `outDir`: the artifact users run, not the sources
 * under ts-node, whose hooks load Node's `repl` and with it domain support in every
 * EventEmitter. Each bench builds into a folder of its own, so two can run at once.
 */
export function compileApi(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  for (const command of ['tsc', 'tsc-alias']) {
    const args = ['-p', 'tools/bench/api/tsconfig.build.json', '--outDir', outDir];
    const result = spawnSync('npx', [command, ...args], { cwd: WORKSPACE_ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  }
}
