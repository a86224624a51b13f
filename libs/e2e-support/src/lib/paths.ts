import { resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
/** The production bundle under test (built by the e2e target's dependency on api:build). */
export const API_MAIN = resolve(WORKSPACE_ROOT, 'dist/apps/api/main.js');
export const DASHBOARD_DIR = resolve(WORKSPACE_ROOT, 'dist/apps/dashboard/browser');
