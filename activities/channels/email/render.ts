import type { EmailContent } from '../../../src/dsl/definition.js';
import { renderLiquid, renderMarked } from '../../../src/templates/liquid.js';
import { escapeHtml, textToHtml, withoutValueLinks } from './html.js';

export interface RenderedEmail {
  subject: string;
  text: string;
  /** The body as HTML: the template's own HTML fragment, else its text as paragraphs. */
  html: string;
  preheader?: string;
}

/**
 * Renders a template's parts with Liquid; a missing variable is an error, never an empty string.
 * The `html` part sees every string in the context HTML-escaped, so a customer's name cannot inject
 * markup, and keeps only links whose scheme and host the template wrote; without one, the HTML is
 * the text where only URLs the template wrote become links (a customer's name or an event's
 * comment stays text, whatever it says).
 */
export async function renderEmail(template: EmailContent, context: Record<string, unknown>): Promise<RenderedEmail> {
  const [subject, text, html, preheader] = await Promise.all([
    renderLiquid(template.subject, context),
    renderLiquid(template.text, context),
    template.html === undefined
      ? renderMarked(template.text, context).then(textToHtml)
      : renderMarked(template.html, escapeStrings(context) as Record<string, unknown>).then(withoutValueLinks),
    template.preheader === undefined ? undefined : renderLiquid(template.preheader, context),
  ]);
  return {
    subject: subject.replace(/\s+/g, ' ').trim(),
    text,
    html,
    ...(preheader === undefined ? {} : { preheader: preheader.trim() }),
  };
}

function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeStrings(inner)]));
  }
  return value;
}
