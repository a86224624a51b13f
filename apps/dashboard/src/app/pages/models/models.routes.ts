import { ActivatedRouteSnapshot, Routes } from '@angular/router';

/** `/models` and `/models/:name`; the chart library loads only with the model page. */
export const MODELS_ROUTES: Routes = [
  { path: '', title: 'Models', loadComponent: () => import('./models-page').then((m) => m.ModelsPage) },
  {
    path: ':name',
    title: (route: ActivatedRouteSnapshot) => `${route.paramMap.get('name')} · Model`,
    loadComponent: () => import('./model-page').then((m) => m.ModelPage),
  },
];
