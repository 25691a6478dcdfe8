import { join } from 'node:path';

// support/ → src/ → portal-e2e/ → apps/ → workspace root
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
export const SCREENSHOT_DIR = join(WORKSPACE_ROOT, 'apps/portal-e2e/screenshots');
