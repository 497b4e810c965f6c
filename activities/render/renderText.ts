import { ApplicationFailure } from '@temporalio/activity';
import type { Locale, Template } from '../../src/dsl/definition.js';
import { renderLiquid } from '../../src/templates/liquid.js';

/** Renders a one-text template (sms, call, call_task) in the customer's locale, falling back to the other. */
export async function renderText(input: {
  template: Template;
  channel: 'sms' | 'call' | 'call_task';
  locale: Locale;
  context: Record<string, unknown>;
}): Promise<string> {
  const byLocale = input.template[input.channel];
  const content = byLocale?.[input.locale] ?? byLocale?.fa ?? byLocale?.en;
  if (!content) return '';
  try {
    return (await renderLiquid(content.text, input.context)).trim();
  } catch (error) {
    throw ApplicationFailure.nonRetryable(`the ${input.channel} template could not be rendered: ${(error as Error).message}`, 'TemplateError');
  }
}
