/** The side navigation; each entry is a lazy route in app.routes.ts. */
export const NAVIGATION: ReadonlyArray<{ path: string; label: string }> = [
  { path: '/', label: 'Overview' },
  { path: '/models', label: 'Models' },
  { path: '/datasets', label: 'Datasets' },
  { path: '/drift', label: 'Drift' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/chat', label: 'Assistant' },
  { path: '/audit', label: 'Audit log' },
  { path: '/settings', label: 'Settings' },
];
