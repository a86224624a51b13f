import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { isDashboardPath, renderMarkdown } from './markdown';
import { MarkdownView } from './markdown-view';

describe('renderMarkdown', () => {
  it('renders the Markdown the assistant writes: emphasis, lists, tables, code', () => {
    const html = renderMarkdown('**F1** is `0.91`\n\n- one\n- two\n\n| metric | value |\n|---|---|\n| f1 | 0.91 |');
    expect(html).toContain('<strong>F1</strong>');
    expect(html).toContain('<code>0.91</code>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>/);
    expect(html).toContain('<td>f1</td>');
  });

  it("knows which hrefs are the dashboard's own paths", () => {
    expect(isDashboardPath('/models/stress-detector')).toBe(true);
    expect(isDashboardPath('//evil.example')).toBe(false);
    expect(isDashboardPath('/\\evil.example')).toBe(false);
    expect(isDashboardPath('https://evil.example')).toBe(false);
    expect(isDashboardPath('javascript:alert(1)')).toBe(false);
  });

  it('shows raw HTML as text instead of interpreting it', () => {
    expect(renderMarkdown('<b>bold</b> <script>alert(1)</script>')).not.toMatch(/<b>|<script>/);
    expect(renderMarkdown('<script>alert(1)</script>')).toContain('&lt;script&gt;');
  });
});

@Component({
  imports: [MarkdownView],
  template: `<sam-markdown [text]="text()" />`,
})
class Host {
  readonly text = signal('');
}

describe('MarkdownView', () => {
  function render(text: string): HTMLElement {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.text.set(text);
    fixture.detectChanges();
    return (fixture.nativeElement as HTMLElement).querySelector('sam-markdown') as HTMLElement;
  }

  it('renders Markdown as elements', () => {
    const element = render('Drift on **eda_mean** ([report](/drift/1))');
    expect(element.querySelector('strong')?.textContent).toBe('eda_mean');
    expect(element.querySelector('a')?.getAttribute('href')).toBe('/drift/1');
  });

  it('neutralises javascript: links and inline event handlers (Angular sanitiser)', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const element = render('[click me](javascript:alert(1)) ![x](x.png "t")\n\n<img src=x onerror="alert(1)">');
    const link = element.querySelector('a');
    expect(link?.getAttribute('href') ?? '').not.toMatch(/^javascript:/);
    const handlers = Array.from(element.querySelectorAll('*')).flatMap((node) =>
      node.getAttributeNames().filter((name) => name.startsWith('on')),
    );
    expect(handlers).toEqual([]);
    expect(element.querySelector('script')).toBeNull();
    // The raw tag is visible as text, so the reader sees what the text said.
    expect(element.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it("links only to the dashboard's own paths: other links, bare URLs and images stay text", () => {
    const element = render(
      'See [the report](/drift/1?model=a), [Login again](https://evil.example/phish), [x](//evil.example), ' +
        'https://evil.example/bare, www.evil.example and ![logo](https://evil.example/pixel.png)',
    );
    expect(Array.from(element.querySelectorAll('a')).map((link) => link.getAttribute('href'))).toEqual(['/drift/1?model=a']);
    expect(element.querySelector('img')).toBeNull();
    expect(element.textContent).toContain('Login again');
    expect(element.textContent).toContain('https://evil.example/bare');
    expect(element.textContent).toContain('logo');
  });

  it('shows a name the API escaped as the literal text, not a link', () => {
    const element = render('| Name |\n|---|\n| \\[Login again\\](https\\://evil.example/phish) |');
    expect(element.querySelector('a')).toBeNull();
    expect(element.querySelector('td')?.textContent).toBe('[Login again](https://evil.example/phish)');
  });

  it('updates as the streamed text grows', () => {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.text.set('Hel');
    fixture.detectChanges();
    fixture.componentInstance.text.set('Hello **world**');
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('strong')?.textContent).toBe('world');
  });
});
