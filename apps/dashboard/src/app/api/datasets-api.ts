import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import type { DatasetDto, DatasetListDto, DatasetRole, DatasetRowsDto, QualityDto } from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

export interface DatasetListQuery {
  model?: string;
  version?: string;
  role?: DatasetRole | '';
  limit?: number;
  offset?: number;
}

/** Typed client of `/api/v1/datasets`. Uploads go through `DatasetUploader` (upload progress needs XHR). */
@Injectable({ providedIn: 'root' })
export class DatasetsApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  list(query: DatasetListQuery = {}): Observable<DatasetListDto> {
    return this.http.get<DatasetListDto>(this.config.apiUrl('/api/v1/datasets'), { params: toParams({ ...query }) });
  }

  get(id: string): Observable<DatasetDto> {
    return this.http.get<DatasetDto>(this.url(id));
  }

  rows(id: string, offset: number, limit: number): Observable<DatasetRowsDto> {
    return this.http.get<DatasetRowsDto>(`${this.url(id)}/rows`, { params: toParams({ offset, limit }) });
  }

  /** 422 when the dataset lacks a target or prediction column. */
  quality(id: string): Observable<QualityDto> {
    return this.http.get<QualityDto>(`${this.url(id)}/quality`);
  }

  /**
   * The CSV as a blob. The API takes the key only in a header, so a plain link cannot
   * download it; the page turns the blob into an object URL.
   */
  download(id: string): Observable<Blob> {
    return this.http.get(`${this.url(id)}/download`, { responseType: 'blob' });
  }

  private url(id: string): string {
    return this.config.apiUrl(`/api/v1/datasets/${encodeURIComponent(id)}`);
  }
}
