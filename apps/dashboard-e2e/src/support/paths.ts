import { resolve } from 'node:path';
import { WORKSPACE_ROOT } from '@stress/e2e-support';

/** Screenshots of every page, written by each run (dist/ is gitignored). */
export const SCREENSHOT_DIR = resolve(WORKSPACE_ROOT, 'dist/dashboard-e2e/screenshots');
/** Debian's Chromium; `.ci/run` installs it with apt. Nothing here downloads a browser. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
