import type { Channel, Locale, Template } from '../../dsl/definition.js';
import { liquid } from '../../templates/liquid.js';

/** A message as the customer (or agent) would read it; `error` when it could not be rendered. */
export interface Rendered {
  locale?: Locale;
  subject?: string;
  text?: string;
  error?: string;
}

/** Renders a template for a channel in the customer's locale, falling back to the other one. */
export function renderMessage(template: Template | undefined, channel: Channel | 'call_task', locale: Locale, variables: Record<string, unknown>): Rendered {
  const byLocale = template?.[channel];
  const chosen = byLocale?.[locale] ? locale : (['fa', 'en'] as const).find((candidate) => byLocale?.[candidate]);
  const content = chosen ? byLocale?.[chosen] : undefined;
  if (!chosen || !content) return { error: `no ${channel} text in this template` };
  try {
    const text = liquid.parseAndRenderSync(content.text, variables).trim();
    const subjectSource = (content as { subject?: string }).subject;
    const subject = subjectSource === undefined ? undefined : liquid.parseAndRenderSync(subjectSource, variables).trim();
    return { locale: chosen, text, ...(subject !== undefined && { subject }) };
  } catch (error) {
    return { locale: chosen, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Renders the Liquid in strings of an update value or webhook body; other values stay as they are. */
export function renderValue(value: unknown, variables: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    try {
      return liquid.parseAndRenderSync(value, variables);
    } catch (error) {
      return `⚠ ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, variables));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, variables)]));
  return value;
}
