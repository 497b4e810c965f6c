/** Small HTML helpers for email bodies: escaping, plain text → paragraphs, and link rewriting. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/** Decodes the entities an href attribute may carry (`&amp;` in query strings, numeric references). */
function decodeAttribute(value: string): string {
  return value.replace(/&(#x[\da-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? entity;
  });
}

/** http(s) URLs in running text; trailing punctuation (Latin or Persian) is not part of the link. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]،؛؟»]/g;

function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = escapeHtml(match[0]);
    html += `${escapeHtml(text.slice(last, match.index))}<a href="${url}">${url}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/** Plain text → HTML: blank-line separated paragraphs, line breaks kept, everything escaped, URLs linked. */
export function textToHtml(text: string): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${linkify(paragraph).replace(/\r?\n/g, '<br>\n')}</p>`)
    .join('\n');
}

const ANCHOR_HREF = /(<a\b[^>]*?\bhref\s*=\s*)(?:"([^"]*)"|'([^']*)')/gi;

/** Replaces the href of every `<a>` pointing at an http(s) URL with `rewrite(url)`; other links stay. */
export function rewriteLinks(html: string, rewrite: (url: string) => string | undefined): string {
  return html.replace(ANCHOR_HREF, (whole, start: string, doubleQuoted?: string, singleQuoted?: string) => {
    const target = decodeAttribute((doubleQuoted ?? singleQuoted ?? '').trim());
    const replacement = rewrite(target);
    return replacement === undefined ? whole : `${start}"${escapeHtml(replacement)}"`;
  });
}
