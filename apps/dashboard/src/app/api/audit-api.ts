import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import type { AuditEventListDto } from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

export interface AuditEventQuery {
  actor?: string;
  /** ISO 8601 */
  from?: string;
  /** ISO 8601 */
  to?: string;
  limit?: number;
  offset?: number;
}

/** Typed client of `/api/v1/audit-events` (admin only). */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  list(query: AuditEventQuery = {}): Observable<AuditEventListDto> {
    return this.http.get<AuditEventListDto>(this.config.apiUrl('/api/v1/audit-events'), { params: toParams({ ...query }) });
  }
}
