import { Module } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { AlertingModule } from '../alerting/alerting.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { DriftReportsModule } from '../drift-reports/drift-reports.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { PerformanceEstimatesModule } from '../performance-estimates/performance-estimates.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { ChatController } from './chat.controller';
import { CHAT_LLM, ChatService } from './chat.service';
import { ConversationsService } from './conversations.service';
import { ConversationsStore } from './conversations.store';
import { LlmAssistant } from './llm/llm-assistant';
import { RulesAssistant } from './rules/rules-assistant';
import { MonitoringData } from './monitoring/monitoring-data';
import { ServiceMonitoringData } from './monitoring/service-monitoring-data';
import { VocabularyCache } from './rules/vocabulary-cache';
import { createMonitoringTools } from './tools/monitoring-tools';
import { ToolRegistry } from './tools/tool-registry';

@Module({
  imports: [AlertingModule, ModelsModule, MetricsModule, DatasetsModule, DriftReportsModule, PerformanceEstimatesModule, MonitoringModule],
  controllers: [ChatController],
  providers: [
    { provide: MonitoringData, useClass: ServiceMonitoringData },
    {
      provide: ToolRegistry,
      useFactory: (data: MonitoringData) => new ToolRegistry(createMonitoringTools(data)),
      inject: [MonitoringData],
    },
    {
      provide: RulesAssistant,
      useFactory: (tools: ToolRegistry, data: MonitoringData) => new RulesAssistant(tools, new VocabularyCache(data)),
      inject: [ToolRegistry, MonitoringData],
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
    ConversationsStore,
    ChatService,
  ],
})
export class ChatModule {}
