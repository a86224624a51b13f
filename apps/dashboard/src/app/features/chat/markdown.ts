import { Marked } from 'marked';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/**
 * Markdown for the assistant's replies. Raw HTML in the text is shown as text, not
 * interpreted; the result still goes through Angular's [innerHTML] sanitiser (see
 * MarkdownView), which removes scripts, event handlers and javascript: URLs.
 */
const markdown = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

/** Markdown → HTML string (not yet sanitised: bind it with [innerHTML]). */
export function renderMarkdown(text: string): string {
  return markdown.parse(text, { async: false });
}
