import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import type {
  LatestMetricListDto,
  MetricNamesDto,
  ModelDetailDto,
  ModelListDto,
  ModelStage,
  ModelVersionDto,
  ModelVersionListDto,
  StageHistoryDto,
} from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

/** Typed client of the model registry (`/api/v1/models`). */
@Injectable({ providedIn: 'root' })
export class ModelsApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  list(query: { search?: string; tag?: string; task?: string; limit?: number; offset?: number } = {}): Observable<ModelListDto> {
    return this.http.get<ModelListDto>(this.config.apiUrl('/api/v1/models'), { params: toParams(query) });
  }

  get(name: string): Observable<ModelDetailDto> {
    return this.http.get<ModelDetailDto>(this.url(name));
  }

  versions(name: string, query: { limit?: number; offset?: number } = { limit: 200 }): Observable<ModelVersionListDto> {
    return this.http.get<ModelVersionListDto>(`${this.url(name)}/versions`, { params: toParams(query) });
  }

  /** Promoting to production archives the previous production version on the server, in the same transaction. */
  setStage(name: string, version: string, stage: ModelStage): Observable<ModelVersionDto> {
    return this.http.patch<ModelVersionDto>(`${this.url(name)}/versions/${encodeURIComponent(version)}`, { stage });
  }

  stageHistory(name: string, version: string): Observable<StageHistoryDto> {
    return this.http.get<StageHistoryDto>(`${this.url(name)}/versions/${encodeURIComponent(version)}/stage-history`);
  }

  latestMetrics(name: string): Observable<LatestMetricListDto> {
    return this.http.get<LatestMetricListDto>(`${this.url(name)}/metrics/latest`);
  }

  metricNames(name: string): Observable<MetricNamesDto> {
    return this.http.get<MetricNamesDto>(`${this.url(name)}/metrics/names`);
  }

  private url(name: string): string {
    return this.config.apiUrl(`/api/v1/models/${encodeURIComponent(name)}`);
  }
}
