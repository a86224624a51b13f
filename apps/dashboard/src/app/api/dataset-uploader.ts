import { HttpBackend, HttpClient, HttpEventType, HttpXhrBackend, provideHttpClient, withInterceptors, withXhr } from '@angular/common/http';
import { EnvironmentProviders, inject, Injectable, Provider } from '@angular/core';
import { filter, map, Observable } from 'rxjs';
import type { DatasetDto, DatasetRole } from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { apiKeyInterceptor } from '../core/http/api-key.interceptor';

export interface DatasetUploadFields {
  name: string;
  model?: string;
  version?: string;
  role?: DatasetRole;
  targetColumn?: string;
  predictionColumn?: string;
  probabilityColumn?: string;
  positiveLabel?: string;
}

/** What an upload reports: bytes sent so far, then the stored dataset. */
export type UploadEvent = { kind: 'progress'; loaded: number; total: number; percent: number } | { kind: 'done'; dataset: DatasetDto };

/**
 * `POST /api/v1/datasets` with upload progress. Fetch cannot report bytes sent, so this service
 * is provided with an XHR-backed HttpClient of its own: see DATASET_UPLOADER_PROVIDERS.
 * Unsubscribing aborts the request: the server then stores nothing.
 */
@Injectable()
export class DatasetUploader {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  upload(file: File, fields: DatasetUploadFields): Observable<UploadEvent> {
    const form = new FormData();
    // Text fields first: the API reads them before it streams the file.
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value === 'string' && value.trim() !== '') form.append(key, value.trim());
    }
    form.append('file', file, file.name);
    return this.http.post<DatasetDto>(this.config.apiUrl('/api/v1/datasets'), form, { reportProgress: true, observe: 'events' }).pipe(
      map((event): UploadEvent | null => {
        if (event.type === HttpEventType.UploadProgress) {
          const total = event.total ?? file.size;
          const percent = total > 0 ? Math.min(100, Math.round((event.loaded / total) * 100)) : 0;
          return { kind: 'progress', loaded: event.loaded, total, percent };
        }
        if (event.type === HttpEventType.Response && event.body) return { kind: 'done', dataset: event.body };
        return null;
      }),
      filter((event): event is UploadEvent => event !== null),
    );
  }
}

/**
 * For the routes that upload: an HttpClient on XHR (same key interceptor) and the uploader using it.
 * The app's HttpClient runs on fetch, and a nested provideHttpClient() would still pick the fetch
 * backend it inherits; naming HttpXhrBackend after it is what makes bytes-sent progress real.
 */
export const DATASET_UPLOADER_PROVIDERS: (Provider | EnvironmentProviders)[] = [
  provideHttpClient(withXhr(), withInterceptors([apiKeyInterceptor])),
  { provide: HttpBackend, useExisting: HttpXhrBackend },
  DatasetUploader,
];
