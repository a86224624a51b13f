import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { provideRouter } from '@angular/router';
import { ChatMode, ChatStreamEventName, type ChatRequestDto, type ChatStreamEvent } from '@stress/contracts';
import { ChatClient } from '../../api/chat-client';
import { ChatView } from './chat-view';

describe('ChatView', () => {
  let fixture: ComponentFixture<ChatView>;
  let loader: HarnessLoader;
  let mode: ChatMode;
  const asked: string[] = [];

  async function* reply(request: ChatRequestDto): AsyncGenerator<ChatStreamEvent> {
    asked.push(request.message);
    const text = `You asked **${request.message}**`;
    yield {
      event: ChatStreamEventName.ToolCall,
      data: { name: 'get_latest_metrics', arguments: { model: 'stress-detector' }, summary: '8 metrics' },
    };
    yield { event: ChatStreamEventName.Delta, data: { text } };
    yield {
      event: ChatStreamEventName.Final,
      data: { conversationId: 'c1', reply: text, mode, toolCalls: [{ name: 'get_latest_metrics', arguments: {}, summary: '8 metrics' }] },
    };
  }

  beforeEach(async () => {
    asked.length = 0;
    mode = ChatMode.Rules;
    TestBed.configureTestingModule({
      imports: [ChatView],
      providers: [provideRouter([]), { provide: ChatClient, useValue: { stream: reply } }],
    });
    fixture = TestBed.createComponent(ChatView);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  });

  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  it('offers example questions while the conversation is empty, and asks one when clicked', async () => {
    expect(text()).toContain('Ask about your models');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Which models are monitored?' }))).click();
    await settle();
    expect(asked).toEqual(['Which models are monitored?']);
  });

  it('sends the typed question, then shows the Markdown answer, the tools used and the mode badge', async () => {
    const send = await loader.getHarness(MatButtonHarness.with({ text: 'Send' }));
    expect(await send.isDisabled()).toBe(true);
    await (await loader.getHarness(MatInputHarness)).setValue('How is stress-detector doing?');
    expect(await send.isDisabled()).toBe(false);
    await send.click();
    await settle();

    expect(asked).toEqual(['How is stress-detector doing?']);
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="chat-question"]')?.textContent).toContain('How is stress-detector doing?');
    expect(element.querySelector('[data-testid="chat-answer"] sam-markdown strong')?.textContent).toBe('How is stress-detector doing?');
    expect(element.querySelector('[data-testid="chat-tools"]')?.textContent).toContain('get_latest_metrics');
    expect(element.querySelector('[data-testid="chat-mode"]')?.textContent?.trim()).toBe('Rules mode');
    expect(await (await loader.getHarness(MatInputHarness)).getValue()).toBe('');
  });

  it('shows AI mode when a language model answered', async () => {
    mode = ChatMode.Llm;
    await (await loader.getHarness(MatInputHarness)).setValue('hi');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Send' }))).click();
    await settle();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="chat-mode"]')?.textContent?.trim()).toBe('AI mode');
  });

  it('sends with Enter, keeps Shift+Enter for a new line', async () => {
    const input = await loader.getHarness(MatInputHarness);
    await input.setValue('first line');
    const textarea = (fixture.nativeElement as HTMLElement).querySelector('textarea') as HTMLTextAreaElement;
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    await settle();
    expect(asked).toEqual([]);
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle();
    expect(asked).toEqual(['first line']);
  });

  it('refuses a question over 2,000 characters', async () => {
    await (await loader.getHarness(MatInputHarness)).setValue('x'.repeat(2001));
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: 'Send' }))).isDisabled()).toBe(true);
    expect(text()).toContain('2001 / 2000');
  });
});
