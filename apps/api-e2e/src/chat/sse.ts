// The contracts' DTO classes carry class-validator decorators, which need the metadata polyfill.
import 'reflect-metadata';
import { ChatStreamEvent, createChatStreamParser } from '@stress/contracts';

export interface StreamResult {
  status: number;
  headers: Headers;
  events: ChatStreamEvent[];
}

/** POSTs to the stream endpoint and collects every event until the server ends the response. */
export async function postStream(url: string, key: string, body: unknown): Promise<StreamResult> {
  const response = await fetch(`${url}/api/v1/chat/stream`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  const parser = createChatStreamParser();
  const events: ChatStreamEvent[] = [];
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    events.push(...parser.push(decoder.decode(value, { stream: true })));
  }
  events.push(...parser.end());
  return { status: response.status, headers: response.headers, events };
}

/** The reply as a client rebuilds it from deltas, honouring reset events. */
export function textOf(events: ChatStreamEvent[]): string {
  let text = '';
  for (const event of events) {
    if (event.event === 'delta') text += event.data.text;
    if (event.event === 'reset') text = '';
  }
  return text;
}
