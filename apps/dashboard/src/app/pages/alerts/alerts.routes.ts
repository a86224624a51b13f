import { Routes } from '@angular/router';

/** `/alerts`, `/alerts/rules/new` and `/alerts/rules/:id` (the webhook's `generatorURL` links there). */
export const ALERTS_ROUTES: Routes = [
  { path: '', title: 'Alerts', loadComponent: () => import('./alerts-page').then((m) => m.AlertsPage) },
  { path: 'rules/new', title: 'New alert rule', loadComponent: () => import('./rule-page').then((m) => m.RulePage) },
  { path: 'rules/:id', title: 'Alert rule', loadComponent: () => import('./rule-page').then((m) => m.RulePage) },
];
