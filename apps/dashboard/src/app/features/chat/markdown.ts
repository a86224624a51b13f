import { Marked } from 'marked';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/**
 * A path of this dashboard ("/models/x", "/drift?model=y"): one leading slash, not "//host" or "/\\host",
 * which browsers read as another site.
 */
export function isDashboardPath(href: string): boolean {
  return /^\/(?![/\\])/.test(href);
}

/**
 * Markdown for the assistant's replies. Raw HTML in the text is shown as text, not
 * interpreted; links are rendered only to the dashboard's own paths (a reply may quote
 * stored names, and an answer from a language model may contain anything), others show
 * their text; images show their alt text. The result still goes through Angular's
 * [innerHTML] sanitiser (see MarkdownView), which removes scripts, event handlers and
 * javascript: URLs.
 */
const markdown = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const text = this.parser.parseInline(tokens);
      if (!isDashboardPath(href)) return text;
      return `<a href="${escapeHtml(href)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${text}</a>`;
    },
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

/** Markdown → HTML string (not yet sanitised: bind it with [innerHTML]). */
export function renderMarkdown(text: string): string {
  return markdown.parse(text, { async: false });
}
