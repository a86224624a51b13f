import { Routes } from '@angular/router';
import { DATASET_UPLOADER_PROVIDERS } from '../../api/dataset-uploader';

/** `/datasets` and `/datasets/:id`. */
export const DATASETS_ROUTES: Routes = [
  {
    path: '',
    // Upload progress needs XHR; the rest of the app stays on fetch.
    providers: DATASET_UPLOADER_PROVIDERS,
    children: [
      { path: '', title: 'Datasets', loadComponent: () => import('./datasets-page').then((m) => m.DatasetsPage) },
      { path: ':id', title: 'Dataset', loadComponent: () => import('./dataset-page').then((m) => m.DatasetPage) },
    ],
  },
];
