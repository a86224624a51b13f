import { Injectable } from '@nestjs/common';
import { AlertAggregate, AlertNoData, AlertOperator, AlertSeverity } from '@stress/contracts';
import { AlertRulesService } from '../alerting/alert-rules.service';
import { DEMO_ACTOR, DEMO_MODEL } from './demo-model';
import type { DemoSeeder } from './demo-seeder';

/** Two rules on the stress detector's production version, with no channel (an admin adds one). */
@Injectable()
export class AlertingDemoSeeder implements DemoSeeder {
  constructor(private readonly rules: AlertRulesService) {}

  async hasData(): Promise<boolean> {
    return (await this.rules.list({ limit: 1, offset: 0 })).total > 0;
  }

  async seed(): Promise<void> {
    await this.rules.create(
      {
        name: 'stress recall low',
        model: DEMO_MODEL,
        version: null,
        metric: 'recall',
        agg: AlertAggregate.Avg,
        window: '6h',
        op: AlertOperator.Lt,
        threshold: 0.8,
        for: '15m',
        severity: AlertSeverity.Critical,
        noData: AlertNoData.Ok,
        annotations: { summary: 'Recall of {{model}} {{version}} is {{value}} over 6 h (threshold {{threshold}})' },
      },
      DEMO_ACTOR,
    );
    await this.rules.create(
      {
        name: 'stress latency p95 high',
        model: DEMO_MODEL,
        version: null,
        metric: 'latency_ms',
        agg: AlertAggregate.P95,
        window: '1h',
        op: AlertOperator.Gt,
        threshold: 60,
        for: '10m',
        severity: AlertSeverity.Warning,
        noData: AlertNoData.Ok,
        annotations: { summary: 'p95 latency of {{model}} {{version}} is {{value}} ms' },
      },
      DEMO_ACTOR,
    );
  }
}
