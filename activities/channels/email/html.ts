/** Small HTML helpers for email bodies: escaping, plain text → paragraphs, and link rewriting. */
import { VALUE_END, VALUE_START, withoutMarkers } from '../../../src/templates/liquid.js';

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
const MARKER = /[\uE000\uE001]/;

/**
 * A URL becomes a link only when the template wrote it: it starts outside every value and no value
 * fills in its scheme or host (one may fill in its path: https://shop.example/orders/{{ id }}).
 */
function writtenInTemplate(text: string, index: number, url: string): boolean {
  const insideValue = text.lastIndexOf(VALUE_START, index) > text.lastIndexOf(VALUE_END, index);
  return !insideValue && !MARKER.test(originOf(url));
}

/** `https://host`, `mailto:`: the part of a link that decides where it goes (the whole link when it has no scheme). */
const originOf = (url: string): string => /^[a-z][a-z\d+.-]*:(?:\/\/[^/?#]*)?/i.exec(url)?.[0] ?? url;

function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    if (!writtenInTemplate(text, match.index, match[0])) continue;
    const url = escapeHtml(withoutMarkers(match[0]));
    html += `${escapeHtml(withoutMarkers(text.slice(last, match.index)))}<a href="${url}">${url}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(withoutMarkers(text.slice(last)));
}

/**
 * Plain text → HTML: blank-line separated paragraphs, line breaks kept, everything escaped, URLs the
 * template wrote linked. `text` may carry renderMarked's value markers; a value's URLs stay text.
 */
export function textToHtml(text: string): string {
  // Each line of a value marked on its own, so that every paragraph and line knows where values are.
  const perLine = text.replace(/\uE000[^\uE001]*\uE001/g, (value) => value.replace(/\n/g, `${VALUE_END}\n${VALUE_START}`));
  return perLine
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => withoutMarkers(paragraph).trim() !== '')
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

/**
 * A template's own HTML rendered with renderMarked: an `<a href>` whose scheme or host a value filled
 * in (`href="{{ customer.website }}"`) points nowhere, since the template did not write that link; the
 * markers go.
 */
export function withoutValueLinks(html: string): string {
  return withoutMarkers(rewriteLinks(html, (url) => (MARKER.test(originOf(url)) ? '#' : undefined)));
}
