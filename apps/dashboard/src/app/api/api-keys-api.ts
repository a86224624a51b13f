import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from '@stress/contracts';
import { Observable } from 'rxjs';
import { RuntimeConfig } from '../core/config/runtime-config';

/** `/api/v1/api-keys` (admin only). */
@Injectable({ providedIn: 'root' })
export class ApiKeysApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  list(): Observable<ApiKeyListDto> {
    return this.http.get<ApiKeyListDto>(this.config.apiUrl('/api/v1/api-keys'));
  }

  create(body: CreateApiKeyDto): Observable<CreatedApiKeyDto> {
    return this.http.post<CreatedApiKeyDto>(this.config.apiUrl('/api/v1/api-keys'), body);
  }

  revoke(id: string): Observable<void> {
    return this.http.delete<void>(this.config.apiUrl(`/api/v1/api-keys/${encodeURIComponent(id)}`));
  }
}
