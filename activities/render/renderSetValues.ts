import { ApplicationFailure } from '@temporalio/activity';
import { renderLiquid } from '../../src/templates/liquid.js';

/**
 * Activity: an `update` step's `set` values with their Liquid rendered, as the README, the validator
 * and the preview promise (`risk: "{{ event.data.nps }}"` → "3"). Text renders to text; numbers and
 * booleans stay as written. A value that cannot render is a final `TemplateError` naming the attribute.
 */
export async function renderSetValues(input: {
  set: Record<string, unknown>;
  context: Record<string, unknown>;
  /** Whose: the activity renders the customer as the store knows them (createActivities). */
  customerId?: string;
}): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(input.set).map(async ([attribute, value]) => {
      if (typeof value !== 'string') return [attribute, value] as const;
      const text = await renderLiquid(value, input.context).catch((error: Error) => {
        throw ApplicationFailure.nonRetryable(`update.set.${attribute} could not be rendered: ${error.message}`, 'TemplateError');
      });
      return [attribute, text] as const;
    }),
  );
  return Object.fromEntries(entries);
}
