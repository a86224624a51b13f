import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { ChatMode, ChatRole, ChatStreamEventName, type ChatRequestDto, type ChatStreamEvent } from '@stress/contracts';
import { of } from 'rxjs';
import { AuthStore } from '../../core/auth/auth-store';
import { ChatClient, ChatRequestError } from '../../api/chat-client';
import { ChatStore } from './chat-store';

type Script = (request: ChatRequestDto, signal?: AbortSignal) => AsyncGenerator<ChatStreamEvent>;

describe('ChatStore', () => {
  let script: Script;
  const requests: ChatRequestDto[] = [];
  const client = {
    stream: (request: ChatRequestDto, signal?: AbortSignal) => {
      requests.push(request);
      return script(request, signal);
    },
    conversations: jest.fn(() =>
      of({ items: [{ id: 'c1', title: 'How is it?', ownerName: 'admin', messageCount: 2, createdAt: '', updatedAt: '' }], total: 1 }),
    ),
    conversation: jest.fn(() =>
      of({
        id: 'c9',
        title: 'Old',
        ownerName: 'admin',
        createdAt: '',
        updatedAt: '',
        messages: [
          { id: 'm1', role: ChatRole.User, content: 'Old question', createdAt: '' },
          { id: 'm2', role: ChatRole.Assistant, content: 'Old answer', mode: ChatMode.Llm, toolCalls: [], createdAt: '' },
        ],
      }),
    ),
    deleteConversation: jest.fn(() => of(undefined)),
  };

  beforeEach(() => {
    requests.length = 0;
    sessionStorage.setItem('sam.apiKey', 'sam_key');
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: ChatClient, useValue: client }] });
  });

  async function* answer(conversationId: string, reply: string): AsyncGenerator<ChatStreamEvent> {
    yield { event: ChatStreamEventName.Start, data: { conversationId } };
    yield { event: ChatStreamEventName.ToolCall, data: { name: 'list_models', arguments: {}, summary: '1 model' } };
    yield { event: ChatStreamEventName.Delta, data: { text: reply } };
    yield {
      event: ChatStreamEventName.Final,
      data: { conversationId, reply, mode: ChatMode.Rules, toolCalls: [{ name: 'list_models', arguments: {}, summary: '1 model' }] },
    };
  }

  it('adds the question and the streamed answer, then continues the same conversation', async () => {
    script = () => answer('c1', 'One model: stress-detector.');
    const store = TestBed.inject(ChatStore);
    await store.send('  Which models?  ');
    expect(store.turns().map((turn) => [turn.role, turn.content, turn.status])).toEqual([
      [ChatRole.User, 'Which models?', 'done'],
      [ChatRole.Assistant, 'One model: stress-detector.', 'done'],
    ]);
    expect(store.mode()).toBe(ChatMode.Rules);
    expect(store.conversationId()).toBe('c1');
    await store.send('And its F1?');
    expect(requests).toEqual([{ message: 'Which models?' }, { message: 'And its F1?', conversationId: 'c1' }]);
  });

  it('is busy while the answer streams and ignores a second question meanwhile', async () => {
    let finish: () => void = () => undefined;
    script = async function* () {
      yield { event: ChatStreamEventName.Delta, data: { text: 'Part' } };
      await new Promise<void>((resolve) => (finish = resolve));
      yield { event: ChatStreamEventName.Final, data: { conversationId: 'c1', reply: 'Part two', mode: ChatMode.Llm, toolCalls: [] } };
    };
    const store = TestBed.inject(ChatStore);
    const first = store.send('q1');
    await new Promise((resolve) => setTimeout(resolve));
    expect(store.busy()).toBe(true);
    expect(store.turns()[1]?.content).toBe('Part');
    await store.send('q2');
    expect(requests).toHaveLength(1);
    finish();
    await first;
    expect(store.busy()).toBe(false);
    expect(store.turns()[1]?.content).toBe('Part two');
  });

  it('stops the answer: the request is aborted and the turn says so', async () => {
    script = async function* (_request, signal) {
      yield { event: ChatStreamEventName.Delta, data: { text: 'Half' } };
      await new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    };
    const store = TestBed.inject(ChatStore);
    const sending = store.send('q');
    await new Promise((resolve) => setTimeout(resolve));
    store.stop();
    await sending;
    expect(store.turns()[1]).toMatchObject({ content: 'Half', status: 'stopped' });
  });

  it('shows a refused question with the API message and request id', async () => {
    // eslint-disable-next-line require-yield
    script = async function* () {
      throw new ChatRequestError({ message: 'Too many requests: try again in 30 seconds.', requestId: 'req-1', status: 429 });
    };
    const store = TestBed.inject(ChatStore);
    await store.send('q');
    expect(store.turns()[1]).toMatchObject({
      status: 'error',
      error: { message: 'Too many requests: try again in 30 seconds.', requestId: 'req-1' },
    });
  });

  it('marks an answer cut off without a final event as failed', async () => {
    script = async function* () {
      yield { event: ChatStreamEventName.Delta, data: { text: 'Cut' } };
    };
    const store = TestBed.inject(ChatStore);
    await store.send('q');
    expect(store.turns()[1]?.status).toBe('error');
  });

  it('signs out when the key stopped working (401)', async () => {
    // eslint-disable-next-line require-yield
    script = async function* () {
      throw new ChatRequestError({ message: 'Unauthorized', requestId: null, status: 401 });
    };
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const store = TestBed.inject(ChatStore);
    await store.send('q');
    expect(TestBed.inject(AuthStore).key()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/signin'], expect.anything());
  });

  it('opens a past conversation and deletes one from the history', async () => {
    const store = TestBed.inject(ChatStore);
    await store.loadHistory();
    expect(store.history()?.map((item) => item.id)).toEqual(['c1']);
    await store.open('c9');
    expect(store.conversationId()).toBe('c9');
    expect(store.turns().map((turn) => turn.content)).toEqual(['Old question', 'Old answer']);
    await store.delete('c1');
    expect(client.deleteConversation).toHaveBeenCalledWith('c1');
    expect(store.history()).toEqual([]);
  });

  it('forgets the conversation when another key signs in', async () => {
    script = () => answer('c1', 'Hi');
    const store = TestBed.inject(ChatStore);
    await store.send('q');
    TestBed.inject(AuthStore).signOut();
    TestBed.tick();
    expect(store.turns()).toEqual([]);
    expect(store.conversationId()).toBeNull();
  });
});
