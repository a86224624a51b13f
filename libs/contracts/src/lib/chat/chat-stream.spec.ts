import { ChatMode } from './chat-mode';
import { ChatStreamEventName, createChatStreamParser, formatChatStreamEvent } from './chat-stream';

describe('chat stream wire format', () => {
  it('round-trips events split across arbitrary chunk boundaries', () => {
    const wire =
      formatChatStreamEvent({ event: ChatStreamEventName.Start, data: { conversationId: 'c1' } }) +
      ': keep-alive comment\n\n' +
      formatChatStreamEvent({ event: ChatStreamEventName.Delta, data: { text: 'line one\nline two' } }) +
      formatChatStreamEvent({
        event: ChatStreamEventName.Final,
        data: { conversationId: 'c1', reply: 'line one\nline two', mode: ChatMode.Rules, toolCalls: [] },
      });
    for (const size of [1, 3, 7, wire.length]) {
      const parser = createChatStreamParser();
      const events = [];
      for (let offset = 0; offset < wire.length; offset += size) events.push(...parser.push(wire.slice(offset, offset + size)));
      events.push(...parser.end());
      expect(events.map((event) => event.event)).toEqual(['start', 'delta', 'final']);
      expect(events[1].data).toEqual({ text: 'line one\nline two' });
    }
  });

  it('ignores unknown event names and malformed data', () => {
    const parser = createChatStreamParser();
    expect(parser.push('event: other\ndata: {}\n\nevent: delta\ndata: not json\n\n')).toEqual([]);
    expect(parser.push('event: delta\r\ndata: {"text":"x"}\r\n\r\n')).toEqual([{ event: 'delta', data: { text: 'x' } }]);
  });
});
