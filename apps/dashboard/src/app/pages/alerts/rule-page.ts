import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, signal, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import {
  ALERT_AGGREGATES,
  ALERT_DURATION_PATTERN,
  ALERT_NO_DATA_MODES,
  ALERT_OPERATORS,
  ALERT_SEVERITIES,
  AlertAggregate,
  AlertNoData,
  AlertOperator,
  AlertSeverity,
  ApiKeyRole,
  MetricAggregate,
  metricBucketsWithinLimit,
} from '@stress/contracts';
import type { AlertPreviewResultDto, AlertRuleBodyDto, AlertRuleDto, MetricSeriesPointDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { AlertingApi } from '../../api/alerting-api';
import { MetricsApi } from '../../api/metrics-api';
import { ModelsApi } from '../../api/models-api';
import { DisplayedError, displayedErrorOf, toDisplayedError } from '../../core/http/api-error';
import { roleGate } from '../../shared/auth/role-gate';
import { FORMAT_PIPES } from '../../shared/format.pipes';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { ModelPicker } from '../../shared/ui/model-picker';
import { AlertPreviewChart } from './alert-preview-chart';
import { OPERATOR_SYMBOLS, PREVIEW_PERIODS, PreviewPeriod } from './alert-view';
import { FiringAlertsStore } from './firing-alerts-store';
import { AlertStateChip } from './state-chip';

const duration = (required: boolean) =>
  new FormControl('', {
    nonNullable: true,
    validators: [...(required ? [Validators.required] : []), Validators.pattern(ALERT_DURATION_PATTERN)],
  });

/** A preview as drawn: the period, the API's answer and the metric's buckets over it. */
interface DrawnPreview {
  from: number;
  to: number;
  result: AlertPreviewResultDto;
  series: MetricSeriesPointDto[];
  threshold: number;
  op: AlertOperator;
  metric: string;
  agg: AlertAggregate;
}

/**
 * `/alerts/rules/new` and `/alerts/rules/:id`: a rule's editor (editors; viewers read it), the preview of how often it
 * would have fired over the last day or week, drawn over the metric, and its history of state changes.
 */
@Component({
  selector: 'sam-rule-page',
  imports: [
    ...FORMAT_PIPES,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatSelectModule,
    EmptyState,
    ErrorState,
    LoadingState,
    ModelPicker,
    AlertPreviewChart,
    AlertStateChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './rule-page.html',
  styleUrl: './rule-page.scss',
})
export class RulePage {
  private readonly api = inject(AlertingApi);
  private readonly metricsApi = inject(MetricsApi);
  private readonly modelsApi = inject(ModelsApi);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly badge = inject(FiringAlertsStore, { optional: true });

  /** Route parameter; undefined on `/alerts/rules/new`. */
  readonly id = input<string | undefined>(undefined);
  protected readonly editGate = roleGate(ApiKeyRole.Editor);
  protected readonly adminGate = roleGate(ApiKeyRole.Admin);
  protected readonly aggregates = ALERT_AGGREGATES;
  protected readonly operators = ALERT_OPERATORS;
  protected readonly operatorSymbols = OPERATOR_SYMBOLS;
  protected readonly severities = ALERT_SEVERITIES;
  protected readonly noDataModes = ALERT_NO_DATA_MODES;
  protected readonly periods = PREVIEW_PERIODS;
  protected readonly periodKeys = Object.keys(PREVIEW_PERIODS) as PreviewPeriod[];
  protected readonly summaryPlaceholder = '{{metric}} of {{model}} {{version}} is {{value}}';
  protected readonly summaryHint = '{{model}}, {{version}}, {{metric}}, {{value}}, {{threshold}}, {{rule}} are filled in';

  protected readonly rule = rxResource({
    params: () => this.id(),
    stream: ({ params: id }) => this.api.rule(id),
  });
  protected readonly ruleError = computed(() => displayedErrorOf(this.rule));
  protected readonly loaded = computed<AlertRuleDto | null>(() => (this.rule.hasValue() ? this.rule.value() : null));

  protected readonly eventsPageSize = 20;
  readonly eventsPage = linkedSignal({ source: () => this.id(), computation: () => 0 });
  protected readonly events = rxResource({
    params: () => {
      const id = this.id();
      return id ? { id, limit: this.eventsPageSize, offset: this.eventsPage() * this.eventsPageSize } : undefined;
    },
    stream: ({ params }) => this.api.events(params.id, { limit: params.limit, offset: params.offset }),
  });
  protected readonly eventsError = computed(() => displayedErrorOf(this.events));

  protected readonly channels = rxResource({ stream: () => this.api.channels() });

  readonly model = signal('');
  /** The model's metric names, offered as suggestions (a rule may name a metric that has no points yet). */
  protected readonly metricNames = rxResource({
    params: () => this.model() || undefined,
    stream: ({ params: model }) => this.modelsApi.metricNames(model),
  });

  protected readonly form = new FormGroup({
    name: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(200), Validators.pattern(/\S/)],
    }),
    version: new FormControl('', { nonNullable: true }),
    metric: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\S+$/)] }),
    agg: new FormControl<AlertAggregate>(AlertAggregate.Avg, { nonNullable: true }),
    window: duration(true),
    op: new FormControl<AlertOperator>(AlertOperator.Gt, { nonNullable: true }),
    threshold: new FormControl<number | null>(null, { validators: [Validators.required] }),
    for: duration(false),
    keepFiringFor: duration(false),
    repeatInterval: duration(false),
    severity: new FormControl<AlertSeverity>(AlertSeverity.Warning, { nonNullable: true }),
    noData: new FormControl<AlertNoData>(AlertNoData.Ok, { nonNullable: true }),
    channels: new FormControl<string[]>([], { nonNullable: true }),
    summary: new FormControl('', { nonNullable: true }),
    enabled: new FormControl(true, { nonNullable: true }),
  });

  protected readonly saving = signal(false);
  protected readonly saveError = signal<DisplayedError | null>(null);
  protected readonly saved = signal(false);
  protected readonly deleting = signal(false);
  protected readonly deleteError = signal<DisplayedError | null>(null);

  readonly period = signal<PreviewPeriod>('24h');
  protected readonly previewing = signal(false);
  protected readonly previewError = signal<DisplayedError | null>(null);
  protected readonly preview = signal<DrawnPreview | null>(null);

  constructor() {
    this.form.patchValue({ window: '1h', for: '0s', keepFiringFor: '0s', repeatInterval: '4h' });
    // Viewers read the rule; the API refuses their writes anyway.
    effect(() => {
      if (this.editGate.allowed()) this.form.enable();
      else this.form.disable();
    });
    // A loaded rule fills the form once, and is previewed for editors.
    effect(() => {
      const rule = this.loaded();
      if (!rule) return;
      untracked(() => {
        this.fill(rule);
        if (this.editGate.allowed()) void this.runPreview();
      });
    });
  }

  private fill(rule: AlertRuleDto): void {
    this.model.set(rule.model);
    this.form.patchValue({
      name: rule.name,
      version: rule.version ?? '',
      metric: rule.metric,
      agg: rule.agg,
      window: rule.window,
      op: rule.op,
      threshold: rule.threshold,
      for: rule.for,
      keepFiringFor: rule.keepFiringFor,
      repeatInterval: rule.repeatInterval,
      severity: rule.severity,
      noData: rule.noData,
      channels: rule.channels,
      summary: rule.annotations['summary'] ?? '',
      enabled: rule.enabled,
    });
  }

  /** Why the rule cannot be saved or previewed yet, in words; null when it can. */
  protected problem(): string | null {
    if (this.model().trim() === '') return 'Pick a model.';
    const controls = this.form.controls;
    if (controls.name.invalid) return 'Name the rule.';
    if (controls.metric.invalid) return 'Name the metric.';
    if (controls.threshold.invalid || controls.threshold.value === null) return 'Enter a threshold.';
    for (const field of ['window', 'for', 'keepFiringFor', 'repeatInterval'] as const) {
      if (controls[field].invalid) return `${field} must be a duration such as 30s, 5m, 1h or 1d.`;
    }
    return null;
  }

  private body(): AlertRuleBodyDto {
    const value = this.form.getRawValue();
    const existing = this.loaded();
    return {
      name: value.name.trim(),
      model: this.model().trim(),
      version: value.version.trim() === '' ? null : value.version.trim(),
      metric: value.metric.trim(),
      labels: existing?.labels ?? {},
      agg: value.agg,
      window: value.window,
      op: value.op,
      threshold: Number(value.threshold),
      for: value.for || '0s',
      keepFiringFor: value.keepFiringFor || '0s',
      repeatInterval: value.repeatInterval || '4h',
      severity: value.severity,
      noData: value.noData,
      channels: value.channels,
      annotations: { ...(existing?.annotations ?? {}), summary: value.summary.trim() },
      enabled: value.enabled,
    };
  }

  async runPreview(): Promise<void> {
    if (this.problem() !== null || this.previewing()) return;
    const body = this.body();
    const period = PREVIEW_PERIODS[this.period()];
    const to = Date.now();
    const from = to - period.rangeMs;
    this.previewing.set(true);
    this.previewError.set(null);
    try {
      const result = await firstValueFrom(
        this.api.preview({ ...body, from: new Date(from).toISOString(), to: new Date(to).toISOString(), step: period.step }),
      );
      let series: MetricSeriesPointDto[] = [];
      if (result.version) {
        const response = await firstValueFrom(
          this.metricsApi.series({
            model: body.model,
            name: body.metric,
            version: result.version,
            from: new Date(from),
            to: new Date(to),
            bucket: metricBucketsWithinLimit(period.rangeMs)[0],
            agg: MetricAggregate.Avg,
          }),
        ).catch(() => null);
        series = response?.series.find((line) => line.version === result.version)?.points ?? [];
      }
      this.preview.set({ from, to, result, series, threshold: body.threshold, op: body.op, metric: body.metric, agg: body.agg });
    } catch (error) {
      this.previewError.set(toDisplayedError(error));
    } finally {
      this.previewing.set(false);
    }
  }

  protected setPeriod(period: PreviewPeriod): void {
    this.period.set(period);
    void this.runPreview();
  }

  async save(): Promise<void> {
    if (this.problem() !== null || this.saving()) return;
    this.saving.set(true);
    this.saveError.set(null);
    this.saved.set(false);
    try {
      const id = this.id();
      if (id) {
        const updated = await firstValueFrom(this.api.updateRule(id, this.body()));
        this.rule.set(updated);
        this.saved.set(true);
        this.events.reload();
      } else {
        const created = await firstValueFrom(this.api.createRule(this.body()));
        await this.router.navigate(['/alerts/rules', created.id]);
      }
      void this.badge?.load();
    } catch (error) {
      this.saveError.set(toDisplayedError(error));
    } finally {
      this.saving.set(false);
    }
  }

  async remove(): Promise<void> {
    const rule = this.loaded();
    if (!rule) return;
    const confirmed = await confirmAction(this.dialog, {
      title: `Delete the rule "${rule.name}"?`,
      message: 'Its history of state changes goes with it; its past notifications stay on record. This cannot be undone.',
      confirmLabel: 'Delete',
      destructive: true,
    });
    if (!confirmed) return;
    this.deleting.set(true);
    this.deleteError.set(null);
    try {
      await firstValueFrom(this.api.deleteRule(rule.id));
      void this.badge?.load();
      await this.router.navigate(['/alerts']);
    } catch (error) {
      this.deleteError.set(toDisplayedError(error));
    } finally {
      this.deleting.set(false);
    }
  }

  protected onEventsPage(event: PageEvent): void {
    this.eventsPage.set(event.pageIndex);
  }
}
