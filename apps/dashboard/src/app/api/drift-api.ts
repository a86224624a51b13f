import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import type { CreateDriftReportDto, DriftReportDto, DriftReportListDto } from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

/** Typed client of `/api/v1/drift-reports`. */
@Injectable({ providedIn: 'root' })
export class DriftApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  list(query: { model?: string; version?: string; limit?: number; offset?: number } = {}): Observable<DriftReportListDto> {
    return this.http.get<DriftReportListDto>(this.config.apiUrl('/api/v1/drift-reports'), { params: toParams(query) });
  }

  get(id: string): Observable<DriftReportDto> {
    return this.http.get<DriftReportDto>(this.config.apiUrl(`/api/v1/drift-reports/${encodeURIComponent(id)}`));
  }

  create(body: CreateDriftReportDto): Observable<DriftReportDto> {
    return this.http.post<DriftReportDto>(this.config.apiUrl('/api/v1/drift-reports'), body);
  }
}
