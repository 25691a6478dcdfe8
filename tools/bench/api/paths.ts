import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');
/** Private build and scratch space: other runs (and other benches) never remove it under us. */
export const WORK_DIR = join(WORKSPACE_ROOT, 'tmp/bench/api');
export const BUILD_DIR = join(WORK_DIR, 'dist');
export const API_MAIN = join(BUILD_DIR, 'apps/api/src/main.js');
export const PORTAL_BUILD = join(WORKSPACE_ROOT, 'dist/apps/portal/browser');
export const RESULTS_DIR = join(WORKSPACE_ROOT, 'tools/bench/results');
export const TS_REGISTER = join(WORKSPACE_ROOT, 'tools/jasmine/register.cjs');
export const CAPTURE_HOOK = join(__dirname, 'capture-hook.cjs');
