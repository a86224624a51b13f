import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';
import { postStream, textOf } from './sse';

describe('assistant API: conversations, roles, validation, rate limit (rules mode)', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let viewerA: string;
  let viewerB: string;
  let editor: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000', CHAT_THROTTLE_LIMIT: '1000' } });
    viewerA = await createKey(api.url, api.adminKey, 'viewer', 'viewer-a');
    viewerB = await createKey(api.url, api.adminKey, 'viewer', 'viewer-b');
    editor = await createKey(api.url, api.adminKey, 'editor', 'editor');
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('a viewer may chat; without OPENAI_API_KEY the answer comes from rules with no note', async () => {
    const response = await http(api.url, viewerA).post('/api/v1/chat').send({ message: 'What is drift?' }).expect(200);
    expect(response.body).toEqual({
      conversationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reply: expect.stringMatching(/^\*\*Drift\*\*: /),
      mode: 'rules',
      toolCalls: [],
    });
  });

  it('needs a key', async () => {
    const response = await http(api.url).post('/api/v1/chat').send({ message: 'hi' }).expect(401);
    expectErrorShape(response.body, 401);
    await http(api.url).post('/api/v1/chat/stream').send({ message: 'hi' }).expect(401);
    await http(api.url).get('/api/v1/chat/conversations').expect(401);
  });

  it.each([
    ['an empty message', { message: '' }, 'message'],
    ['a blank message', { message: '   ' }, 'message'],
    ['2,001 characters', { message: 'x'.repeat(2001) }, 'message'],
    ['no message', {}, 'message'],
    ['a number', { message: 42 }, 'message'],
    ['a bad conversationId', { message: 'hi', conversationId: 'not-a-uuid' }, 'conversationId'],
    ['an unknown field', { message: 'hi', extra: true }, 'extra'],
  ])('rejects %s with 400 naming the field', async (_label, body, field) => {
    for (const path of ['/api/v1/chat', '/api/v1/chat/stream']) {
      const response = await http(api.url, viewerA).post(path).send(body).expect(400);
      expectErrorShape(response.body, 400);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
  });

  it('accepts exactly 2,000 characters', async () => {
    await http(api.url, viewerA)
      .post('/api/v1/chat')
      .send({ message: `help ${'x'.repeat(1995)}` })
      .expect(200);
  });

  it('stores conversations for their owner: list, read, continue, delete; other keys get 404, admins may read and delete', async () => {
    const first = await http(api.url, viewerA).post('/api/v1/chat').send({ message: 'Which models are monitored?' }).expect(200);
    const id = first.body.conversationId as string;
    expect(first.body.reply).toMatch(/No models are registered yet/);
    expect(first.body.toolCalls).toEqual([{ name: 'list_models', arguments: {}, summary: 'no models' }]);
    const second = await http(api.url, viewerA).post('/api/v1/chat').send({ message: 'What is F1?', conversationId: id }).expect(200);
    expect(second.body.conversationId).toBe(id);

    const conversation = await http(api.url, viewerA).get(`/api/v1/chat/conversations/${id}`).expect(200);
    expect(conversation.body).toEqual({
      id,
      title: 'Which models are monitored?',
      ownerName: 'viewer-a',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      messages: [
        { id: expect.any(String), role: 'user', content: 'Which models are monitored?', createdAt: expect.any(String) },
        {
          id: expect.any(String),
          role: 'assistant',
          content: first.body.reply,
          mode: 'rules',
          toolCalls: first.body.toolCalls,
          createdAt: expect.any(String),
        },
        { id: expect.any(String), role: 'user', content: 'What is F1?', createdAt: expect.any(String) },
        {
          id: expect.any(String),
          role: 'assistant',
          content: second.body.reply,
          mode: 'rules',
          toolCalls: [],
          createdAt: expect.any(String),
        },
      ],
    });

    const listA = await http(api.url, viewerA).get('/api/v1/chat/conversations').expect(200);
    expect(listA.body.items[0]).toEqual(expect.objectContaining({ id, messageCount: 4, ownerName: 'viewer-a' }));
    const listB = await http(api.url, viewerB).get('/api/v1/chat/conversations').expect(200);
    expect(listB.body).toEqual({ items: [], total: 0 });

    for (const request of [
      http(api.url, viewerB).get(`/api/v1/chat/conversations/${id}`),
      http(api.url, viewerB).delete(`/api/v1/chat/conversations/${id}`),
      http(api.url, editor).post('/api/v1/chat').send({ message: 'hi', conversationId: id }),
      http(api.url, viewerB).post('/api/v1/chat/stream').send({ message: 'hi', conversationId: id }),
    ]) {
      const response = await request.expect(404);
      expectErrorShape(response.body, 404);
      expect(response.body.message).toContain(id);
    }

    await http(api.url, api.adminKey).get(`/api/v1/chat/conversations/${id}`).expect(200);
    await http(api.url, viewerA).delete(`/api/v1/chat/conversations/${id}`).expect(204);
    await http(api.url, viewerA).get(`/api/v1/chat/conversations/${id}`).expect(404);

    const other = await http(api.url, viewerB).post('/api/v1/chat').send({ message: 'help' }).expect(200);
    await http(api.url, api.adminKey).delete(`/api/v1/chat/conversations/${other.body.conversationId}`).expect(204);
    await http(api.url, viewerB).get(`/api/v1/chat/conversations/${other.body.conversationId}`).expect(404);
    await http(api.url, viewerA).get('/api/v1/chat/conversations/not-a-uuid').expect(400);
  });

  it('lists conversations newest first with pagination', async () => {
    const key = await createKey(api.url, api.adminKey, 'viewer', 'pager');
    const ids: string[] = [];
    for (const message of ['one', 'two', 'three']) {
      ids.push((await http(api.url, key).post('/api/v1/chat').send({ message }).expect(200)).body.conversationId);
    }
    const page = await http(api.url, key).get('/api/v1/chat/conversations?limit=2&offset=0').expect(200);
    expect(page.body.total).toBe(3);
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    const rest = await http(api.url, key).get('/api/v1/chat/conversations?limit=2&offset=2').expect(200);
    expect(rest.body.items.map((item: { title: string }) => item.title)).toEqual(['one']);
  });

  it('streams a rules answer as SSE: start, tool calls, deltas that add up to the reply, final', async () => {
    const result = await postStream(api.url, viewerA, { message: 'Which datasets are there?' });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(result.headers.get('x-accel-buffering')).toBe('no');
    const names: string[] = result.events.map((event) => event.event);
    expect(names[0]).toBe('start');
    expect(names[1]).toBe('tool_call');
    expect(names.at(-1)).toBe('final');
    const final = result.events.at(-1);
    if (final?.event !== 'final') throw new Error('no final event');
    expect(final.data).toEqual({
      conversationId: (result.events[0].data as { conversationId: string }).conversationId,
      reply: expect.stringMatching(/No datasets are uploaded yet/),
      mode: 'rules',
      toolCalls: [{ name: 'list_datasets', arguments: {}, summary: '0 datasets' }],
    });
    expect(textOf(result.events)).toBe(final.data.reply);
    // The streamed exchange is stored like any other.
    const stored = await http(api.url, viewerA).get(`/api/v1/chat/conversations/${final.data.conversationId}`).expect(200);
    expect(stored.body.messages[1].content).toBe(final.data.reply);
  });

  it('documents the routes in OpenAPI', async () => {
    const document = (await http(api.url).get('/api/docs-json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/chat', '/api/v1/chat/stream', '/api/v1/chat/conversations', '/api/v1/chat/conversations/{id}']),
    );
    expect(document.paths['/api/v1/chat'].post.responses['200'].content['application/json'].schema.$ref).toMatch(/ChatResponseDto$/);
    expect(Object.keys(document.paths['/api/v1/chat/stream'].post.responses['200'].content)).toContain('text/event-stream');
    expect(document.components.schemas.ChatRequestDto.properties.message).toMatchObject({ minLength: 1, maxLength: 2000 });
  });
});

describe('assistant rate limit', () => {
  let database: TestDatabase;
  let api: ApiProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000', CHAT_THROTTLE_LIMIT: '3' } });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('allows CHAT_THROTTLE_LIMIT chat requests per minute per key, counted across /chat and /chat/stream', async () => {
    const first = await createKey(api.url, api.adminKey, 'viewer', 'chatty');
    const second = await createKey(api.url, api.adminKey, 'viewer', 'quiet');
    await http(api.url, first).post('/api/v1/chat').send({ message: 'help' }).expect(200);
    expect((await postStream(api.url, first, { message: 'help' })).status).toBe(200);
    await http(api.url, first).post('/api/v1/chat').send({ message: 'help' }).expect(200);
    const limited = await http(api.url, first).post('/api/v1/chat').send({ message: 'help' }).expect(429);
    expectErrorShape(limited.body, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await http(api.url, first).post('/api/v1/chat/stream').send({ message: 'help' }).expect(429);
    // Another key has its own budget, and other routes keep the global limit.
    await http(api.url, second).post('/api/v1/chat').send({ message: 'help' }).expect(200);
    await http(api.url, first).get('/api/v1/chat/conversations').expect(200);
  });
});
