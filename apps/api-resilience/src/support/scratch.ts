import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | null = null;

/** A new folder inside this run's scratch folder, which global-setup.ts removes at the end. */
export function scratchDir(name: string): string {
  root ??= mkdtempSync(join(tmpdir(), 'rehabit-resilience-'));
  return mkdtempSync(join(root, `${name}-`));
}

export function removeScratch(): void {
  if (root) rmSync(root, { recursive: true, force: true });
  root = null;
}
