import { Routes } from '@angular/router';

/** `/drift` and `/drift/:id`. */
export const DRIFT_ROUTES: Routes = [
  { path: '', title: 'Drift', loadComponent: () => import('./drift-page').then((m) => m.DriftPage) },
  { path: ':id', title: 'Drift report', loadComponent: () => import('./drift-report-page').then((m) => m.DriftReportPage) },
];
