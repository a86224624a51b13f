import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What the fake model does for one request. */
export type ScriptedReply =
  | { kind: 'answer'; content: string }
  | { kind: 'tool_calls'; calls: Array<{ name: string; arguments: unknown }>; content?: string }
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'hang' }
  /** Streams the start of `content`, then drops the connection (a stream that breaks mid-answer). */
  | { kind: 'break'; content: string };

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    stream?: boolean;
    tool_choice?: unknown;
    tools?: Array<{ type: string; function: { name: string; description: string; parameters: Record<string, unknown> } }>;
    messages: Array<{
      role: string;
      content: string | null;
      tool_call_id?: string;
      tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
    }>;
  };
  /** Set when the client closed the connection before an answer was sent. */
  aborted: boolean;
}

/**
 * An OpenAI-compatible Chat Completions server on loopback. Each request takes the next
 * scripted reply (the last one repeats) and answers as JSON or, when the request asks for
 * `stream: true`, as SSE chunks split into small pieces, like the real API.
 */
export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  private script: ScriptedReply[] = [];
  private server!: Server;
  private readonly hanging = new Set<ServerResponse>();
  private callCounter = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Replaces the script and forgets earlier requests. */
  reset(...script: ScriptedReply[]): void {
    this.script = script;
    this.requests.length = 0;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of request) raw += chunk;
    const recorded: RecordedRequest = {
      path: request.url ?? '',
      authorization: request.headers.authorization,
      body: JSON.parse(raw || '{}'),
      aborted: false,
    };
    this.requests.push(recorded);
    response.on('close', () => {
      if (!response.writableFinished) recorded.aborted = true;
    });
    if (request.method !== 'POST' || !recorded.path.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const reply = this.script.length > 1 ? (this.script.shift() as ScriptedReply) : this.script[0];
    if (!reply || reply.kind === 'hang') {
      this.hanging.add(response);
      return;
    }
    if (reply.kind === 'break') {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of reply.content.match(/[\s\S]{1,7}/g) ?? []) {
        response.write(
          `data: ${JSON.stringify({ id: 'chatcmpl-broken', object: 'chat.completion.chunk', created: 0, model: recorded.body.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`,
        );
      }
      setTimeout(() => response.destroy(), 50);
      return;
    }
    if (reply.kind === 'status') {
      response
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(reply.body ?? { error: { message: `scripted ${reply.status}`, type: 'server_error' } }));
      return;
    }
    const toolCalls =
      reply.kind === 'tool_calls'
        ? reply.calls.map((call) => ({
            id: `call_${++this.callCounter}`,
            type: 'function' as const,
            function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
          }))
        : undefined;
    const content = reply.kind === 'answer' ? reply.content : (reply.content ?? null);
    const base = { id: `chatcmpl-${this.requests.length}`, created: Math.floor(Date.now() / 1000), model: recorded.body.model };
    if (!recorded.body.stream) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              finish_reason: toolCalls ? 'tool_calls' : 'stop',
              message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
            },
          ],
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      response.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    send({ role: 'assistant', content: '' });
    for (const piece of (content ?? '').match(/[\s\S]{1,7}/g) ?? []) send({ content: piece });
    (toolCalls ?? []).forEach((call, index) => {
      send({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
      for (const piece of call.function.arguments.match(/[\s\S]{1,5}/g) ?? [])
        send({ tool_calls: [{ index, function: { arguments: piece } }] });
    });
    send({}, toolCalls ? 'tool_calls' : 'stop');
    response.end('data: [DONE]\n\n');
  }
}
