import { ApplicationFailure } from '@temporalio/activity';
import type { Locale, Template } from '../../src/dsl/definition.js';
import { renderLiquid } from '../../src/templates/liquid.js';

export type TextChannel = 'sms' | 'call' | 'call_task';

/**
 * Renders a one-text template (sms, call, call_task) in the customer's locale, falling back to fa,
 * then en. A template without that channel, or one that cannot render, is a final `TemplateError`.
 */
export async function renderTemplateText(
  template: Template,
  channel: TextChannel,
  preferred: Locale,
  context: Record<string, unknown>,
): Promise<{ locale: Locale; text: string }> {
  const locale = ([preferred, 'fa', 'en'] as const).find((candidate) => template[channel]?.[candidate]);
  const source = locale && template[channel]?.[locale];
  if (!locale || !source) throw ApplicationFailure.nonRetryable(`the template has no ${channel} text`, 'TemplateError');
  const text = await renderLiquid(source.text, context).catch((error: Error) => {
    throw ApplicationFailure.nonRetryable(`the ${channel} template could not be rendered: ${error.message}`, 'TemplateError');
  });
  return { locale, text: text.trim() };
}

/** Activity: the rendered text of a call task's script (empty when the template has none). */
export async function renderText(input: {
  template: Template;
  channel: TextChannel;
  locale: Locale;
  context: Record<string, unknown>;
  /** Whose: the activity renders the customer as the store knows them (createActivities). */
  customerId?: string;
}): Promise<string> {
  if (!input.template[input.channel]) return '';
  return (await renderTemplateText(input.template, input.channel, input.locale, input.context)).text;
}
