import { ApplicationFailure } from '@temporalio/activity';
import { renderLiquid } from '../../../src/templates/liquid.js';

/** Renders every string in a webhook body as Liquid (objects and arrays at any depth); other values stay. */
export async function renderBody(body: unknown, context: Record<string, unknown>): Promise<unknown> {
  if (typeof body === 'string') {
    return renderLiquid(body, context).catch((error: Error) => {
      throw ApplicationFailure.nonRetryable(`webhook body could not be rendered: ${error.message}`, 'TemplateError');
    });
  }
  if (Array.isArray(body)) return Promise.all(body.map((item) => renderBody(item, context)));
  if (body !== null && typeof body === 'object') {
    const entries = await Promise.all(
      Object.entries(body).map(async ([key, value]) => [key, await renderBody(value, context)] as const),
    );
    return Object.fromEntries(entries);
  }
  return body;
}
