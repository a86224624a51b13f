import { Injectable } from '@nestjs/common';
import { DatasetsAdapter } from './datasets.adapter';
import { DriftAdapter } from './drift.adapter';

/*
 * Until the datasets and drift modules are merged, the assistant sees an
 * empty installation: the tools answer "no models", "no datasets". Replaced by the
 * service-backed adapters as each module lands.
 */

@Injectable()
export class PendingDatasetsAdapter extends DatasetsAdapter {
  list = async () => [];
  get = async () => null;
  quality = async () => null;
}

@Injectable()
export class PendingDriftAdapter extends DriftAdapter {
  list = async () => [];
  get = async () => null;
}
