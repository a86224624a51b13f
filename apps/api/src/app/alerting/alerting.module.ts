import { Module } from '@nestjs/common';
import { AlertEvaluationService } from './alert-evaluation.service';
import { AlertJobsService } from './alert-jobs.service';
import { AlertNotificationsService } from './alert-notifications.service';
import { AlertNotificationsStore } from './alert-notifications.store';
import { AlertRulesController } from './alert-rules.controller';
import { AlertRulesService } from './alert-rules.service';
import { AlertRulesStore } from './alert-rules.store';
import { AlertsController } from './alerts.controller';
import { NotificationChannelsController } from './notification-channels.controller';
import { SilencesController } from './silences.controller';

/** Alert rules over the metric store, their evaluation, notifications, silences and previews. */
@Module({
  controllers: [AlertRulesController, AlertsController, NotificationChannelsController, SilencesController],
  providers: [
    AlertRulesStore,
    AlertNotificationsStore,
    AlertRulesService,
    AlertEvaluationService,
    AlertNotificationsService,
    AlertJobsService,
  ],
  exports: [AlertRulesService, AlertEvaluationService],
})
export class AlertingModule {}
