import { Liquid } from 'liquidjs';
import type { EmailContent } from '../../../src/dsl/definition.js';

const liquid = new Liquid({ strictVariables: true, strictFilters: true, lenientIf: true, ownPropertyOnly: true });

/** Renders a template's subject and text with Liquid; a missing variable is an error, never an empty string. */
export async function renderEmail(
  template: EmailContent,
  context: Record<string, unknown>,
): Promise<{ subject: string; text: string }> {
  const [subject, text] = await Promise.all([
    liquid.parseAndRender(template.subject, context),
    liquid.parseAndRender(template.text, context),
  ]);
  return { subject: subject.trim(), text };
}
