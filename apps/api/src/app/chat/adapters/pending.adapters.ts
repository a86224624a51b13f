import { Injectable } from '@nestjs/common';
import { DatasetsAdapter } from './datasets.adapter';
import { DriftAdapter } from './drift.adapter';
import { MetricsAdapter } from './metrics.adapter';
import { ModelsAdapter } from './models.adapter';

/*
 * Until the registry, metrics, datasets and drift modules are merged, the assistant sees an
 * empty installation: the tools answer "no models", "no datasets". Replaced by the
 * service-backed adapters as each module lands.
 */

@Injectable()
export class PendingModelsAdapter extends ModelsAdapter {
  list = async () => [];
  get = async () => null;
}

@Injectable()
export class PendingMetricsAdapter extends MetricsAdapter {
  latest = async () => [];
  names = async () => [];
  series = async () => [];
}

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
