import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import type { CreatePerformanceEstimateDto, PerformanceEstimateDto, PerformanceEstimateListDto } from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

/** Typed client of `/api/v1/performance-estimates` (CBPE). */
@Injectable({ providedIn: 'root' })
export class PerformanceEstimatesApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  list(
    query: { model?: string; version?: string; currentDatasetId?: string; limit?: number; offset?: number } = {},
  ): Observable<PerformanceEstimateListDto> {
    return this.http.get<PerformanceEstimateListDto>(this.config.apiUrl('/api/v1/performance-estimates'), { params: toParams(query) });
  }

  get(id: string): Observable<PerformanceEstimateDto> {
    return this.http.get<PerformanceEstimateDto>(this.config.apiUrl(`/api/v1/performance-estimates/${encodeURIComponent(id)}`));
  }

  create(body: CreatePerformanceEstimateDto): Observable<PerformanceEstimateDto> {
    return this.http.post<PerformanceEstimateDto>(this.config.apiUrl('/api/v1/performance-estimates'), body);
  }
}
