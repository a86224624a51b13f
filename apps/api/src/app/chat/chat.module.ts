import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { DatasetsAdapter } from './adapters/datasets.adapter';
import { DriftAdapter } from './adapters/drift.adapter';
import { MetricsAdapter } from './adapters/metrics.adapter';
import { ModelsAdapter } from './adapters/models.adapter';
import { DatasetsModule } from '../datasets/datasets.module';
import { DriftReportsModule } from '../drift-reports/drift-reports.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { ServiceMetricsAdapter } from './adapters/metrics.service-adapter';
import { ServiceModelsAdapter } from './adapters/models.service-adapter';
import { ServiceDatasetsAdapter } from './adapters/datasets.service-adapter';
import { ServiceDriftAdapter } from './adapters/drift.service-adapter';
import { ChatMessageEntity } from './chat-message.entity';
import { ChatController } from './chat.controller';
import { CHAT_LLM, ChatService } from './chat.service';
import { ConversationEntity } from './conversation.entity';
import { ConversationsService } from './conversations.service';
import { LlmAssistant } from './llm/llm-assistant';
import { RulesAssistant } from './rules/rules-assistant';
import { createMonitoringTools, MonitoringAdapters } from './tools/monitoring-tools';
import { ToolRegistry } from './tools/tool-registry';

const ADAPTERS = [ModelsAdapter, MetricsAdapter, DatasetsAdapter, DriftAdapter] as const;
const adaptersOf = (
  models: ModelsAdapter,
  metrics: MetricsAdapter,
  datasets: DatasetsAdapter,
  drift: DriftAdapter,
): MonitoringAdapters => ({
  models,
  metrics,
  datasets,
  drift,
});

@Module({
  imports: [
    TypeOrmModule.forFeature([ConversationEntity, ChatMessageEntity]),
    ModelsModule,
    MetricsModule,
    DatasetsModule,
    DriftReportsModule,
  ],
  controllers: [ChatController],
  providers: [
    { provide: ModelsAdapter, useClass: ServiceModelsAdapter },
    { provide: MetricsAdapter, useClass: ServiceMetricsAdapter },
    { provide: DatasetsAdapter, useClass: ServiceDatasetsAdapter },
    { provide: DriftAdapter, useClass: ServiceDriftAdapter },
    {
      provide: ToolRegistry,
      useFactory: (models: ModelsAdapter, metrics: MetricsAdapter, datasets: DatasetsAdapter, drift: DriftAdapter) =>
        new ToolRegistry(createMonitoringTools(adaptersOf(models, metrics, datasets, drift))),
      inject: [...ADAPTERS],
    },
    {
      provide: RulesAssistant,
      useFactory: (tools: ToolRegistry, models: ModelsAdapter, metrics: MetricsAdapter, datasets: DatasetsAdapter, drift: DriftAdapter) =>
        new RulesAssistant(tools, adaptersOf(models, metrics, datasets, drift)),
      inject: [ToolRegistry, ...ADAPTERS],
    },
    {
      provide: CHAT_LLM,
      useFactory: (config: AppConfigService, tools: ToolRegistry) => {
        const apiKey = config.get('OPENAI_API_KEY');
        if (!apiKey) return null;
        return new LlmAssistant(
          { apiKey, baseURL: config.get('OPENAI_BASE_URL'), model: config.get('OPENAI_MODEL'), timeoutMs: config.get('OPENAI_TIMEOUT_MS') },
          tools,
        );
      },
      inject: [AppConfigService, ToolRegistry],
    },
    ConversationsService,
    ChatService,
  ],
})
export class ChatModule {}
