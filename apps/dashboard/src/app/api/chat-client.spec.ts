import { provideHttpClient, withXhr } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ChatMode, formatChatStreamEvent, ChatStreamEventName, type ChatStreamEvent } from '@stress/contracts';
import { AuthStore } from '../core/auth/auth-store';
import { ChatClient, ChatRequestError, FETCH } from './chat-client';
import { fakeStreamResponse } from '../features/chat/testing/fake-stream-response';

describe('ChatClient.stream', () => {
  let fetchMock: jest.Mock<Promise<Response>, Parameters<typeof fetch>>;

  beforeEach(() => {
    sessionStorage.clear();
    sessionStorage.setItem('sam.apiKey', 'sam_test');
    fetchMock = jest.fn();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withXhr()), provideHttpClientTesting(), { provide: FETCH, useValue: fetchMock }],
    });
  });

  async function collect(generator: AsyncGenerator<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
    const events: ChatStreamEvent[] = [];
    for await (const event of generator) events.push(event);
    return events;
  }

  it('POSTs the question with the key and yields events parsed across chunk boundaries', async () => {
    const wire =
      formatChatStreamEvent({ event: ChatStreamEventName.Start, data: { conversationId: 'c1' } }) +
      formatChatStreamEvent({ event: ChatStreamEventName.Delta, data: { text: 'Stress ' } }) +
      formatChatStreamEvent({ event: ChatStreamEventName.Delta, data: { text: 'détecteur ✓' } }) +
      formatChatStreamEvent({
        event: ChatStreamEventName.Final,
        data: { conversationId: 'c1', reply: 'Stress détecteur ✓', mode: ChatMode.Rules, toolCalls: [] },
      });
    // Split the bytes every 5: events, lines and multi-byte characters are cut mid-way.
    const bytes = new TextEncoder().encode(wire);
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < bytes.length; offset += 5) chunks.push(bytes.slice(offset, offset + 5));
    fetchMock.mockResolvedValue(fakeStreamResponse(chunks));

    const events = await collect(TestBed.inject(ChatClient).stream({ message: 'How is it?', conversationId: 'c1' }));

    expect(events.map((event) => event.event)).toEqual(['start', 'delta', 'delta', 'final']);
    expect(events[2]?.data).toEqual({ text: 'détecteur ✓' });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/chat/stream');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['Authorization']).toBe('Bearer sam_test');
    expect(JSON.parse(String(init?.body))).toEqual({ message: 'How is it?', conversationId: 'c1' });
  });

  it('yields each event as soon as it is complete, before the stream ends', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = new TextEncoder().encode(formatChatStreamEvent({ event: ChatStreamEventName.Delta, data: { text: 'a' } }));
    let reads = 0;
    fetchMock.mockResolvedValue({
      ok: true,
      status: 200,
      headers: { get: () => null },
      body: {
        getReader: () => ({
          read: async () => {
            reads++;
            if (reads === 1) return { done: false, value: first };
            await gate;
            return { done: true, value: undefined };
          },
          cancel: async () => undefined,
        }),
      },
    } as unknown as Response);

    const iterator = TestBed.inject(ChatClient).stream({ message: 'q' });
    const next = await iterator.next();
    expect(next.value).toEqual({ event: 'delta', data: { text: 'a' } });
    release();
    expect((await iterator.next()).done).toBe(true);
  });

  it('throws the API error with its request id when the request is refused', async () => {
    fetchMock.mockResolvedValue(
      fakeStreamResponse(
        [JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'message must be 1 to 2000 characters', requestId: 'req-42' })],
        {
          status: 400,
        },
      ),
    );
    const failure = collect(TestBed.inject(ChatClient).stream({ message: 'x' }));
    await expect(failure).rejects.toBeInstanceOf(ChatRequestError);
    await expect(failure).rejects.toMatchObject({
      displayed: { message: 'message must be 1 to 2000 characters', requestId: 'req-42', status: 400 },
    });
  });

  it('sends no Authorization header when signed out', async () => {
    TestBed.inject(AuthStore).signOut();
    fetchMock.mockResolvedValue(fakeStreamResponse([]));
    await collect(TestBed.inject(ChatClient).stream({ message: 'q' }));
    expect((fetchMock.mock.calls[0]?.[1]?.headers as Record<string, string>)['Authorization']).toBeUndefined();
  });
});
