import { Logger } from '@nestjs/common';
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { ToolRegistry, ToolRun } from '../tools/tool-registry';
import { systemPrompt } from './system-prompt';

/** Rounds in which the model may call tools before it must answer. */
export const MAX_TOOL_ROUNDS = 5;
/** Retries per LLM request (429, 5xx, connection errors, timeouts), with the SDK's backoff. */
export const LLM_MAX_RETRIES = 1;
/** Tool results beyond this size are cut, so one big profile cannot blow the context. */
const MAX_TOOL_RESULT_CHARS = 24_000;

export interface LlmSettings {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface AnswerObserver {
  toolCall?(run: ToolRun): void;
  delta?(text: string): void;
  reset?(reason: string): void;
}

export interface LlmAnswer {
  reply: string;
  toolCalls: ToolRun[];
}

/** Why the LLM could not answer; `note` is safe to show (it never holds the key or response bodies). */
export class LlmFailure extends Error {
  constructor(readonly note: string) {
    super(note);
    this.name = 'LlmFailure';
  }
}

interface RoundResult {
  content: string;
  toolCalls: ChatCompletionMessageFunctionToolCall[];
}

/**
 * Chat Completions with function calling, the API every OpenAI-compatible server implements.
 * The loop runs the model's tool calls through the same registry as rules mode and sends the
 * results back, at most MAX_TOOL_ROUNDS times, then asks for the answer without tools.
 */
export class LlmAssistant {
  private readonly logger = new Logger('ChatLlm');
  private readonly client: OpenAI;

  constructor(
    private readonly settings: LlmSettings,
    private readonly tools: ToolRegistry,
  ) {
    this.client = new OpenAI({
      apiKey: settings.apiKey,
      baseURL: settings.baseURL,
      timeout: settings.timeoutMs,
      maxRetries: LLM_MAX_RETRIES,
      // The SDK would read OPENAI_* itself; configuration comes only from the validated env.
      organization: null,
      project: null,
    });
  }

  get model(): string {
    return this.settings.model;
  }

  async answer(
    history: HistoryMessage[],
    question: string,
    options: { now: Date; signal?: AbortSignal; stream?: boolean; observer?: AnswerObserver },
  ): Promise<LlmAnswer> {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: systemPrompt(options.now) },
      ...history.map((message): ChatCompletionMessageParam => ({ role: message.role, content: message.content })),
      { role: 'user', content: question },
    ];
    const tools: ChatCompletionTool[] = this.tools.list().map((spec) => ({
      type: 'function',
      function: { name: spec.name, description: spec.description, parameters: spec.parameters },
    }));
    const runs: ToolRun[] = [];
    let streamedText = false;

    for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
      const lastRound = round === MAX_TOOL_ROUNDS;
      const result = await this.request(messages, tools, lastRound, options, () => (streamedText = true));
      if (result.toolCalls.length === 0 || lastRound) {
        const reply = result.content.trim();
        if (!reply) {
          throw new LlmFailure(
            lastRound && result.toolCalls.length
              ? `the language model kept calling tools after ${MAX_TOOL_ROUNDS} rounds`
              : 'the language model returned an empty answer',
          );
        }
        return { reply, toolCalls: runs };
      }
      if (streamedText) {
        options.observer?.reset?.('the model called tools after writing text');
        streamedText = false;
      }
      messages.push({ role: 'assistant', content: result.content || null, tool_calls: result.toolCalls });
      for (const call of result.toolCalls) {
        const run = await this.runTool(call, options.signal);
        runs.push(run);
        options.observer?.toolCall?.(run);
        messages.push({ role: 'tool', tool_call_id: call.id, content: toolMessage(run) });
      }
    }
    throw new LlmFailure(`the language model kept calling tools after ${MAX_TOOL_ROUNDS} rounds`);
  }

  private async runTool(call: ChatCompletionMessageFunctionToolCall, signal?: AbortSignal): Promise<ToolRun> {
    let args: unknown;
    try {
      args = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
    } catch {
      const error = `The arguments of ${call.function.name} are not valid JSON; send a JSON object matching the tool's schema.`;
      return { name: call.function.name, arguments: {}, ok: false, error, summary: 'rejected: arguments are not valid JSON' };
    }
    return this.tools.run(call.function.name, args, signal);
  }

  private async request(
    messages: ChatCompletionMessageParam[],
    tools: ChatCompletionTool[],
    lastRound: boolean,
    options: { signal?: AbortSignal; stream?: boolean; observer?: AnswerObserver },
    onText: () => void,
  ): Promise<RoundResult> {
    const body = {
      model: this.settings.model,
      messages,
      tools,
      // After the last tool round the model must answer with what it has.
      tool_choice: lastRound ? ('none' as const) : ('auto' as const),
    };
    try {
      if (!options.stream) {
        const completion: ChatCompletion = await this.client.chat.completions.create(
          { ...body, stream: false },
          { signal: options.signal },
        );
        const message = completion.choices?.[0]?.message;
        if (!message) throw new LlmFailure('the language model returned no message');
        return {
          content: message.content ?? '',
          toolCalls: (message.tool_calls ?? []).filter((call): call is ChatCompletionMessageFunctionToolCall => call.type === 'function'),
        };
      }
      const stream = await this.client.chat.completions.create({ ...body, stream: true }, { signal: options.signal });
      let content = '';
      const calls = new Map<number, { id: string; name: string; arguments: string }>();
      for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
        const delta = chunk.choices?.[0]?.delta;
        if (!delta) continue;
        if (delta.content) {
          content += delta.content;
          onText();
          options.observer?.delta?.(delta.content);
        }
        for (const part of delta.tool_calls ?? []) {
          const entry = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
          if (part.id) entry.id = part.id;
          if (part.function?.name) entry.name += part.function.name;
          if (part.function?.arguments) entry.arguments += part.function.arguments;
          calls.set(part.index, entry);
        }
      }
      const toolCalls = [...calls.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(
          ([index, call]): ChatCompletionMessageFunctionToolCall => ({
            id: call.id || `call_${index}`,
            type: 'function',
            function: { name: call.name, arguments: call.arguments },
          }),
        );
      return { content, toolCalls };
    } catch (error) {
      throw this.describe(error, options.signal);
    }
  }

  /** Turns SDK errors into a note for the user; logs the status without the key or bodies. */
  private describe(error: unknown, signal?: AbortSignal): Error {
    if (error instanceof LlmFailure) return error;
    if (signal?.aborted || error instanceof APIUserAbortError) return error instanceof Error ? error : new Error('aborted');
    let note: string;
    if (error instanceof APIConnectionTimeoutError) note = `the language model did not answer within ${this.settings.timeoutMs} ms`;
    else if (error instanceof APIError && error.status === 401)
      note = 'the language model endpoint refused the API key (HTTP 401); check OPENAI_API_KEY';
    else if (error instanceof APIError && error.status === 429)
      note = 'the language model endpoint is rate limiting or out of quota (HTTP 429)';
    else if (error instanceof APIError && error.status !== undefined) note = `the language model endpoint failed (HTTP ${error.status})`;
    else if (error instanceof APIError) note = 'the language model endpoint could not be reached';
    else note = 'the language model answer could not be read';
    this.logger.warn(`LLM request failed: ${note} (${error instanceof Error ? error.constructor.name : typeof error})`);
    return new LlmFailure(note);
  }
}

/**
 * A tool result as the JSON the model reads: `{ "data": … }` or `{ "error": "…" }`. Stored text stays
 * inside JSON strings, marked as data by the envelope and by the system prompt, never loose in the message.
 */
function toolMessage(run: ToolRun): string {
  const payload = run.ok ? { data: run.result } : { error: run.error };
  const text = JSON.stringify(payload);
  if (text.length <= MAX_TOOL_RESULT_CHARS) return text;
  return JSON.stringify({
    truncated: true,
    note: `The result was ${text.length} characters; only the start is shown. Ask for a narrower query (one version, one metric, a shorter period).`,
    start: text.slice(0, MAX_TOOL_RESULT_CHARS),
  });
}
