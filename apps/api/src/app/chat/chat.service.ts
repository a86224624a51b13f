import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChatMode, ChatRequestDto, ChatResponseDto, ToolCallDto } from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { ConversationsService } from './conversations.service';
import { AnswerObserver, LlmAssistant, LlmFailure } from './llm/llm-assistant';
import { RulesAssistant } from './rules/rules-assistant';
import { ToolRun } from './tools/tool-registry';

export const CHAT_LLM = Symbol('CHAT_LLM');
/** Earlier messages sent to the LLM with a new question. */
const HISTORY_MESSAGES = 10;
/** Rules answers are streamed in pieces of about this many characters. */
const RULES_DELTA_CHARS = 120;

export interface ChatObserver extends AnswerObserver {
  start?(conversationId: string): void;
}

@Injectable()
export class ChatService {
  private readonly logger = new Logger(ChatService.name);

  constructor(
    private readonly conversations: ConversationsService,
    private readonly rules: RulesAssistant,
    @Inject(CHAT_LLM) private readonly llm: LlmAssistant | null,
  ) {}

  get llmEnabled(): boolean {
    return this.llm !== null;
  }

  /**
   * Answers one message: through the LLM when a key is configured, falling back to rules with a
   * note when it fails; through rules otherwise. The exchange is stored only once answered, so an
   * aborted request leaves nothing behind.
   */
  async answer(
    principal: Principal,
    request: ChatRequestDto,
    options: { signal?: AbortSignal; stream?: boolean; observer?: ChatObserver } = {},
  ): Promise<ChatResponseDto> {
    const { signal, observer } = options;
    const existing = request.conversationId ? await this.conversations.requireAccessible(request.conversationId, principal) : null;
    const conversationId = existing?.id ?? randomUUID();
    observer?.start?.(conversationId);
    const now = new Date();

    let mode = ChatMode.Rules;
    let note: string | undefined;
    let reply: string | undefined;
    let runs: ToolRun[] = [];

    if (this.llm) {
      const history = existing ? await this.conversations.history(existing.id, HISTORY_MESSAGES) : [];
      let streamed = false;
      try {
        const answer = await this.llm.answer(history, request.message, {
          now,
          signal,
          stream: options.stream,
          observer: {
            toolCall: (run) => observer?.toolCall?.(run),
            delta: (text) => {
              streamed = true;
              observer?.delta?.(text);
            },
            reset: (reason) => {
              streamed = false;
              observer?.reset?.(reason);
            },
          },
        });
        mode = ChatMode.Llm;
        reply = answer.reply;
        runs = answer.toolCalls;
      } catch (error) {
        if (signal?.aborted) throw error;
        if (!(error instanceof LlmFailure)) {
          this.logger.error(`LLM answer failed unexpectedly: ${(error as Error).stack ?? String(error)}`);
        }
        const why = error instanceof LlmFailure ? error.note : 'the language model answer failed unexpectedly';
        note = `Answered by rules because ${why}.`;
        if (streamed) observer?.reset?.('the language model failed; the answer comes from the rules');
      }
    }

    if (reply === undefined) {
      const answer = await this.rules.answer(request.message, now, signal, (run) => observer?.toolCall?.(run));
      reply = answer.reply;
      runs = answer.toolCalls;
      if (observer?.delta) for (const piece of pieces(reply)) observer.delta(piece);
    }

    signal?.throwIfAborted();
    const toolCalls = runs.map(toToolCallDto);
    await this.conversations.appendExchange(conversationId, existing !== null, principal, request.message, {
      reply,
      mode,
      toolCalls,
      note,
    });
    return { conversationId, reply, mode, toolCalls, ...(note ? { note } : {}) };
  }
}

export function toToolCallDto(run: ToolRun): ToolCallDto {
  return { name: run.name, arguments: run.arguments, summary: run.summary };
}

/** Splits text at line or word boundaries into pieces of about RULES_DELTA_CHARS. */
function pieces(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > RULES_DELTA_CHARS) {
    let cut = rest.lastIndexOf('\n', RULES_DELTA_CHARS);
    if (cut <= 0) cut = rest.lastIndexOf(' ', RULES_DELTA_CHARS);
    if (cut <= 0) cut = RULES_DELTA_CHARS;
    out.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  if (rest) out.push(rest);
  return out;
}
