import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { catchError, Observable, of, throwError } from 'rxjs';
import type {
  MonitoringConfigDto,
  MonitoringWindowDetailDto,
  MonitoringWindowListDto,
  PutMonitoringConfigDto,
  RecomputeWindowsResultDto,
} from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

/** Typed client of a version's monitoring: `/api/v1/models/{name}/versions/{version}/monitoring` and `…/windows`. */
@Injectable({ providedIn: 'root' })
export class MonitoringApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  /** The configuration, or null when the version has none yet (the API answers 404). */
  getConfig(model: string, version: string): Observable<MonitoringConfigDto | null> {
    return this.http
      .get<MonitoringConfigDto>(`${this.url(model, version)}/monitoring`)
      .pipe(
        catchError((error: unknown) => (error instanceof HttpErrorResponse && error.status === 404 ? of(null) : throwError(() => error))),
      );
  }

  putConfig(model: string, version: string, body: PutMonitoringConfigDto): Observable<MonitoringConfigDto> {
    return this.http.put<MonitoringConfigDto>(`${this.url(model, version)}/monitoring`, body);
  }

  /** Windows newest first (all within retention without a range). */
  windows(model: string, version: string, range: { from?: string; to?: string } = {}): Observable<MonitoringWindowListDto> {
    return this.http.get<MonitoringWindowListDto>(`${this.url(model, version)}/windows`, { params: toParams(range) });
  }

  /** One window with each column's reference and current histograms. */
  window(model: string, version: string, start: string): Observable<MonitoringWindowDetailDto> {
    return this.http.get<MonitoringWindowDetailDto>(`${this.url(model, version)}/windows/${encodeURIComponent(start)}`);
  }

  /** Marks the windows in [from, to) (all without a range) for recomputation. */
  recompute(model: string, version: string, range: { from?: string; to?: string } = {}): Observable<RecomputeWindowsResultDto> {
    return this.http.post<RecomputeWindowsResultDto>(`${this.url(model, version)}/windows/recompute`, null, { params: toParams(range) });
  }

  private url(model: string, version: string): string {
    return this.config.apiUrl(`/api/v1/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(version)}`);
  }
}
