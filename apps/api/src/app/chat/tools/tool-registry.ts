import { Logger } from '@nestjs/common';
import { z } from 'zod';

/** A failure the model (or the rules) should read: unknown model, no data, bad input. Its message is shown. */
export class ToolError extends Error {}

/**
 * One monitoring tool. Arguments are described by a zod schema, which gives both the JSON
 * schema offered to the LLM and the validation run before every execution. Results are
 * aggregates only (never dataset rows), small enough to send to a model.
 */
export interface ToolDefinition<Args = Record<string, unknown>, Result = unknown> {
  name: string;
  description: string;
  schema: z.ZodType<Args>;
  execute(args: Args, signal?: AbortSignal): Promise<Result>;
  /** One line for the answer's `toolCalls[].summary`, e.g. "8 latest metrics of stress-detector". */
  summarize(args: Args, result: Result): string;
}

/** The JSON schema shape the OpenAI Chat Completions API takes for a function's parameters. */
export type JsonSchema = Record<string, unknown>;

export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export type ToolRun<Result = unknown> =
  | { name: string; arguments: Record<string, unknown>; ok: true; result: Result; summary: string }
  | { name: string; arguments: Record<string, unknown>; ok: false; error: string; summary: string };

// Tools are declared with heterogeneous argument types; the registry only sees them through the schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyToolDefinition = ToolDefinition<any, any>;

export class ToolRegistry {
  private readonly logger = new Logger('ChatTools');
  private readonly tools = new Map<string, AnyToolDefinition>();
  private readonly specs: ToolSpec[];

  constructor(tools: AnyToolDefinition[]) {
    for (const tool of tools) {
      if (this.tools.has(tool.name)) throw new Error(`Duplicate chat tool ${tool.name}`);
      this.tools.set(tool.name, tool);
    }
    this.specs = tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: toParameters(tool.schema) }));
  }

  /** What is offered to the LLM. */
  list(): ToolSpec[] {
    return this.specs;
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  /**
   * Validates and runs a tool. Never throws for bad input or tool failures: the error comes back
   * as a result the LLM can read and correct (a wrong model name, a missing argument).
   */
  async run<Result = unknown>(name: string, rawArguments: unknown, signal?: AbortSignal): Promise<ToolRun<Result>> {
    const shownArguments = isPlainObject(rawArguments) ? rawArguments : {};
    const tool = this.tools.get(name);
    if (!tool) {
      const error = `Unknown tool "${name}". Available tools: ${this.names().join(', ')}.`;
      return { name, arguments: shownArguments, ok: false, error, summary: error };
    }
    const parsed = tool.schema.safeParse(rawArguments ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'arguments'}: ${issue.message}`);
      const error = `Invalid arguments for ${name}: ${problems.join('; ')}. Call it again with arguments matching its schema.`;
      return { name, arguments: shownArguments, ok: false, error, summary: `rejected: ${problems.join('; ')}` };
    }
    const args = parsed.data as Record<string, unknown>;
    try {
      const result = (await tool.execute(args, signal)) as Result;
      return { name, arguments: args, ok: true, result, summary: tool.summarize(args, result) };
    } catch (error) {
      if (error instanceof ToolError) {
        return { name, arguments: args, ok: false, error: error.message, summary: error.message };
      }
      if (signal?.aborted) throw error;
      // Unknown failures are logged here and reported without internals.
      this.logger.error(`Chat tool ${name} failed: ${(error as Error).stack ?? String(error)}`);
      const message = `The ${name} tool failed unexpectedly; the data could not be read.`;
      return { name, arguments: args, ok: false, error: message, summary: message };
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toParameters(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as JsonSchema;
  delete json['$schema'];
  return json;
}
