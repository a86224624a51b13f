import { ChatMode, ChatRole, ChatStreamEventName, type ChatStreamEvent } from '@stress/contracts';
import { applyChatEvent, ChatTurn, modeLabel, turnFromMessage } from './chat-turn';

const streaming: ChatTurn = { id: 'a1', role: ChatRole.Assistant, content: '', toolCalls: [], status: 'streaming' };
const tool = { name: 'get_latest_metrics', arguments: { model: 'stress-detector' }, summary: '8 metrics of stress-detector 1.1.0' };

function run(events: ChatStreamEvent[]): ChatTurn {
  return events.reduce(applyChatEvent, streaming);
}

describe('applyChatEvent', () => {
  it('collects tool calls and text deltas while streaming', () => {
    const turn = run([
      { event: ChatStreamEventName.Start, data: { conversationId: 'c1' } },
      { event: ChatStreamEventName.ToolCall, data: tool },
      { event: ChatStreamEventName.Delta, data: { text: 'F1 is ' } },
      { event: ChatStreamEventName.Delta, data: { text: '0.91' } },
    ]);
    expect(turn).toEqual({ ...streaming, content: 'F1 is 0.91', toolCalls: [tool] });
  });

  it('discards the text so far on reset', () => {
    const turn = run([
      { event: ChatStreamEventName.Delta, data: { text: 'Let me check' } },
      { event: ChatStreamEventName.Reset, data: { reason: 'tool call' } },
      { event: ChatStreamEventName.Delta, data: { text: 'Done' } },
    ]);
    expect(turn.content).toBe('Done');
  });

  it('takes reply, mode, tools and note from the final event, which is authoritative', () => {
    const turn = run([
      { event: ChatStreamEventName.ToolCall, data: { ...tool, name: 'llm_tool' } },
      { event: ChatStreamEventName.Delta, data: { text: 'partial' } },
      {
        event: ChatStreamEventName.Final,
        data: {
          conversationId: 'c1',
          reply: 'Full answer',
          mode: ChatMode.Rules,
          toolCalls: [tool],
          note: 'The language model timed out.',
        },
      },
    ]);
    expect(turn).toEqual({
      ...streaming,
      content: 'Full answer',
      mode: ChatMode.Rules,
      toolCalls: [tool],
      note: 'The language model timed out.',
      status: 'done',
    });
  });

  it('turns an error event into an error with its request id', () => {
    const turn = run([
      { event: ChatStreamEventName.Error, data: { statusCode: 503, message: 'Database unavailable', requestId: 'req-7' } },
    ]);
    expect(turn.status).toBe('error');
    expect(turn.error).toEqual({ message: 'Database unavailable', requestId: 'req-7', status: 503 });
  });
});

describe('turnFromMessage / modeLabel', () => {
  it('maps stored messages for the history', () => {
    expect(
      turnFromMessage({
        id: 'm1',
        role: ChatRole.Assistant,
        content: 'Hi',
        mode: ChatMode.Llm,
        toolCalls: [tool],
        createdAt: '2026-01-01T00:00:00Z',
      }),
    ).toEqual({ id: 'm1', role: ChatRole.Assistant, content: 'Hi', mode: ChatMode.Llm, toolCalls: [tool], status: 'done' });
    expect(turnFromMessage({ id: 'm0', role: ChatRole.User, content: 'Q?', createdAt: '2026-01-01T00:00:00Z' }).toolCalls).toEqual([]);
  });

  it('labels the modes', () => {
    expect(modeLabel(ChatMode.Llm)).toBe('AI');
    expect(modeLabel(ChatMode.Rules)).toBe('Rules');
  });
});
