import { resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
/** The production bundle under test (built by the e2e target's dependency on api:build). */
export const API_MAIN = resolve(WORKSPACE_ROOT, 'dist/apps/api/main.js');
/** The built dashboard the API serves (built by the e2e target's dependency on dashboard:build). */
export const DASHBOARD_DIR = resolve(WORKSPACE_ROOT, 'dist/apps/dashboard/browser');
/** Screenshots of every page, written by each run (dist/ is gitignored). */
export const SCREENSHOT_DIR = resolve(WORKSPACE_ROOT, 'dist/dashboard-e2e/screenshots');
/** Debian's Chromium; `.ci/run` installs it with apt. Nothing here downloads a browser. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
