import { join } from 'node:path';

// support/ → src/ → api-resilience/ → apps/ → workspace root
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
/** The production build, made by this project's `test` target before it runs (api:build). */
export const API_MAIN = join(WORKSPACE_ROOT, 'dist/apps/api/apps/api/src/main.js');
