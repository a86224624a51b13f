import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { Router } from '@angular/router';
import { ApiKeyRole } from '@stress/contracts';
import { AuditApi } from '../../api/audit-api';
import { displayedErrorOf } from '../../core/http/api-error';
import { roleGate } from '../../shared/auth/role-gate';
import { FORMAT_PIPES } from '../../shared/format.pipes';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `yyyy-mm-dd` from a date input → the start of that UTC day (times on this page are UTC), as ISO 8601. */
export function dayStart(day: string): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString();
}

/** The start of the UTC day after `day`, so "to" includes the whole day it names. */
export function dayEnd(day: string): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1)).toISOString();
}

/** `/audit?actor=&from=&to=`: who changed what, newest first (admin). */
@Component({
  selector: 'sam-audit-page',
  imports: [...FORMAT_PIPES, MatFormFieldModule, MatInputModule, MatTableModule, MatPaginatorModule, EmptyState, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.scss',
})
export class AuditPage {
  private readonly auditApi = inject(AuditApi);
  private readonly router = inject(Router);

  /** Query parameters (component input binding), so filters survive reloads and links. */
  readonly actor = input<string | undefined>(undefined);
  readonly from = input<string | undefined>(undefined);
  readonly to = input<string | undefined>(undefined);

  protected readonly adminGate = roleGate(ApiKeyRole.Admin);
  protected readonly columns = ['at', 'actor', 'action', 'route', 'resource', 'status', 'requestId'];

  readonly actorFilter = linkedSignal(() => this.actor() ?? '');
  readonly fromFilter = linkedSignal(() => this.from() ?? '');
  readonly toFilter = linkedSignal(() => this.to() ?? '');
  readonly pageIndex = linkedSignal({ source: () => [this.actorFilter(), this.fromFilter(), this.toFilter()], computation: () => 0 });
  readonly pageSize = signal(50);

  protected readonly events = rxResource({
    params: () =>
      this.adminGate.allowed()
        ? {
            actor: this.actorFilter().trim() || undefined,
            from: dayStart(this.fromFilter()),
            to: dayEnd(this.toFilter()),
            limit: this.pageSize(),
            offset: this.pageIndex() * this.pageSize(),
          }
        : undefined,
    stream: ({ params }) => this.auditApi.list(params),
  });
  protected readonly error = computed(() => displayedErrorOf(this.events));
  protected readonly filtered = computed(() => this.actorFilter() !== '' || this.fromFilter() !== '' || this.toFilter() !== '');

  protected setFilter(filter: { actor?: string; from?: string; to?: string }): void {
    if (filter.actor !== undefined) this.actorFilter.set(filter.actor);
    if (filter.from !== undefined) this.fromFilter.set(filter.from);
    if (filter.to !== undefined) this.toFilter.set(filter.to);
    void this.router.navigate([], {
      queryParams: { actor: this.actorFilter() || null, from: this.fromFilter() || null, to: this.toFilter() || null },
      replaceUrl: true,
    });
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }
}
