import type { EmailContent } from '../../../src/dsl/definition.js';
import { renderLiquid } from '../../../src/templates/liquid.js';

/** Renders a template's subject and text with Liquid; a missing variable is an error, never an empty string. */
export async function renderEmail(
  template: EmailContent,
  context: Record<string, unknown>,
): Promise<{ subject: string; text: string }> {
  const [subject, text] = await Promise.all([renderLiquid(template.subject, context), renderLiquid(template.text, context)]);
  return { subject: subject.trim(), text };
}
