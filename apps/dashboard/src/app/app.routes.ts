import { Route } from '@angular/router';
import { signedInGuard } from './core/auth/signed-in.guard';
import { Shell } from './layout/shell';

/** Every page is a lazy route: its code (and its Material/chart modules) loads with it. */
export const appRoutes: Route[] = [
  {
    path: 'signin',
    title: 'Sign in · Stress AI Model Monitoring',
    loadComponent: () => import('./pages/signin/signin-page').then((m) => m.SigninPage),
  },
  {
    path: '',
    component: Shell,
    canActivate: [signedInGuard],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: 'Overview',
        loadComponent: () => import('./pages/overview/overview-page').then((m) => m.OverviewPage),
      },
      { path: 'models', loadChildren: () => import('./pages/models/models.routes').then((m) => m.MODELS_ROUTES) },
      { path: 'datasets', loadChildren: () => import('./pages/datasets/datasets.routes').then((m) => m.DATASETS_ROUTES) },
      { path: 'drift', loadChildren: () => import('./pages/drift/drift.routes').then((m) => m.DRIFT_ROUTES) },
      { path: 'alerts', loadChildren: () => import('./pages/alerts/alerts.routes').then((m) => m.ALERTS_ROUTES) },
      { path: 'chat', title: 'Assistant', loadComponent: () => import('./pages/chat/chat-page').then((m) => m.ChatPage) },
      { path: 'audit', title: 'Audit log', loadComponent: () => import('./pages/audit/audit-page').then((m) => m.AuditPage) },
      { path: 'settings', title: 'Settings', loadComponent: () => import('./pages/settings/settings-page').then((m) => m.SettingsPage) },
      { path: '**', title: 'Not found', loadComponent: () => import('./pages/not-found/not-found-page').then((m) => m.NotFoundPage) },
    ],
  },
];
