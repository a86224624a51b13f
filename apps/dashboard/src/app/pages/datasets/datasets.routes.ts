import { Routes } from '@angular/router';
import { DATASET_UPLOADER_PROVIDERS } from '../../api/dataset-uploader';

/** `/datasets`, `/datasets/:id` and a performance estimate of a dataset, `/datasets/:id/estimates/:estimateId`. */
export const DATASETS_ROUTES: Routes = [
  {
    path: '',
    // Upload progress needs XHR; the rest of the app stays on fetch.
    providers: DATASET_UPLOADER_PROVIDERS,
    children: [
      { path: '', title: 'Datasets', loadComponent: () => import('./datasets-page').then((m) => m.DatasetsPage) },
      { path: ':id', title: 'Dataset', loadComponent: () => import('./dataset-page').then((m) => m.DatasetPage) },
      {
        path: ':id/estimates/:estimateId',
        title: 'Quality estimate',
        loadComponent: () => import('./estimate-page').then((m) => m.EstimatePage),
      },
    ],
  },
];
