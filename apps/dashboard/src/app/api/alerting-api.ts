import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import type {
  AlertEventListDto,
  AlertListDto,
  AlertPreviewResultDto,
  AlertRuleDto,
  AlertRuleListDto,
  AlertRulePreviewDto,
  CreateAlertRuleDto,
  CreateNotificationChannelDto,
  CreateSilenceDto,
  NotificationChannelDto,
  NotificationChannelListDto,
  NotificationTestResultDto,
  SilenceDto,
  SilenceListDto,
  UpdateAlertRuleDto,
} from '@stress/contracts';
import { RuntimeConfig } from '../core/config/runtime-config';
import { toParams } from './params';

/** Typed client of alerting: `/api/v1/alerts`, `/alert-rules`, `/notification-channels`, `/silences`. */
@Injectable({ providedIn: 'root' })
export class AlertingApi {
  private readonly http = inject(HttpClient);
  private readonly config = inject(RuntimeConfig);

  /** Every enabled rule's current state, firing first, and how many fire. */
  alerts(): Observable<AlertListDto> {
    return this.http.get<AlertListDto>(this.config.apiUrl('/api/v1/alerts'));
  }

  rules(query: { model?: string; limit?: number; offset?: number } = {}): Observable<AlertRuleListDto> {
    return this.http.get<AlertRuleListDto>(this.config.apiUrl('/api/v1/alert-rules'), { params: toParams(query) });
  }

  rule(id: string): Observable<AlertRuleDto> {
    return this.http.get<AlertRuleDto>(this.config.apiUrl(`/api/v1/alert-rules/${encodeURIComponent(id)}`));
  }

  createRule(body: CreateAlertRuleDto): Observable<AlertRuleDto> {
    return this.http.post<AlertRuleDto>(this.config.apiUrl('/api/v1/alert-rules'), body);
  }

  updateRule(id: string, body: UpdateAlertRuleDto): Observable<AlertRuleDto> {
    return this.http.patch<AlertRuleDto>(this.config.apiUrl(`/api/v1/alert-rules/${encodeURIComponent(id)}`), body);
  }

  deleteRule(id: string): Observable<void> {
    return this.http.delete<void>(this.config.apiUrl(`/api/v1/alert-rules/${encodeURIComponent(id)}`));
  }

  /** A rule's state changes, newest first. */
  events(id: string, query: { limit?: number; offset?: number } = {}): Observable<AlertEventListDto> {
    return this.http.get<AlertEventListDto>(this.config.apiUrl(`/api/v1/alert-rules/${encodeURIComponent(id)}/events`), {
      params: toParams(query),
    });
  }

  /** The rule evaluated over past data: its value and state at each step, and the spans it would have fired. */
  preview(body: AlertRulePreviewDto): Observable<AlertPreviewResultDto> {
    return this.http.post<AlertPreviewResultDto>(this.config.apiUrl('/api/v1/alert-rules/preview'), body);
  }

  channels(): Observable<NotificationChannelListDto> {
    return this.http.get<NotificationChannelListDto>(this.config.apiUrl('/api/v1/notification-channels'), {
      params: toParams({ limit: 200 }),
    });
  }

  createChannel(body: CreateNotificationChannelDto): Observable<NotificationChannelDto> {
    return this.http.post<NotificationChannelDto>(this.config.apiUrl('/api/v1/notification-channels'), body);
  }

  deleteChannel(id: string): Observable<void> {
    return this.http.delete<void>(this.config.apiUrl(`/api/v1/notification-channels/${encodeURIComponent(id)}`));
  }

  /** Sends a test message now; answers with the outcome. */
  testChannel(id: string): Observable<NotificationTestResultDto> {
    return this.http.post<NotificationTestResultDto>(
      this.config.apiUrl(`/api/v1/notification-channels/${encodeURIComponent(id)}/test`),
      {},
    );
  }

  silences(): Observable<SilenceListDto> {
    return this.http.get<SilenceListDto>(this.config.apiUrl('/api/v1/silences'), { params: toParams({ limit: 200 }) });
  }

  createSilence(body: CreateSilenceDto): Observable<SilenceDto> {
    return this.http.post<SilenceDto>(this.config.apiUrl('/api/v1/silences'), body);
  }

  /** Ends a silence now (it stays listed, as expired). */
  expireSilence(id: string): Observable<SilenceDto> {
    return this.http.delete<SilenceDto>(this.config.apiUrl(`/api/v1/silences/${encodeURIComponent(id)}`));
  }
}
