import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../../..');
export const API_DIST = resolve(ROOT, 'dist/apps/api');
export const API_MAIN = resolve(API_DIST, 'main.js');
export const DASHBOARD_DIST = resolve(ROOT, 'dist/apps/dashboard/browser');
export const NGINX = process.env['NGINX_BINARY'] ?? '/usr/sbin/nginx';
export const fromRoot = (...parts: string[]): string => resolve(ROOT, ...parts);
