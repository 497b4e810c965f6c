import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

/** A route's JSON Schema from its zod schema (draft-7 for Fastify's validator; no `$schema`, which OpenAPI does not allow). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const generated: Record<string, unknown> = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' });
  delete generated.$schema;
  return generated;
}

/**
 * For routes that check their body with zod in the handler: the JSON Schema stays for the OpenAPI
 * document, but Fastify's Ajv does not run on the body, as it would silently drop unknown fields
 * (removeAdditional) and coerce types (coerceTypes) that the API promises to refuse.
 */
export const checkedByHandler = { validatorCompiler: () => () => true };

/** A zod error as the API reports it: every problem with its path, and all of them in one message. */
export function zodProblems(error: z.ZodError, whole: string): { message: string; details: { path: string; message: string }[] } {
  const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return { message: details.map((d) => `${d.path || whole}: ${d.message}`).join('; '), details };
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable, machine-readable, e.g. invalid_request, temporal_unavailable'),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  });

const errorBody = jsonSchema(errorBodySchema);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request (JSON, schema)',
  401: 'Missing or invalid API key or signature',
  403: 'Authenticated, but not allowed on this route',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Body too large',
  415: 'Not application/json',
  422: 'Well-formed but not acceptable',
  429: 'Rate limit of this source exceeded (see Retry-After)',
  503: 'Temporal unreachable; nothing was stored (see Retry-After)',
};

/** Documented error answers of a route: the common ones of every /v1 route plus its own. */
export function errorResponses(...statuses: number[]): Record<number, Record<string, unknown>> {
  const all = [...new Set([400, 401, 429, ...statuses])].sort();
  return Object.fromEntries(all.map((status) => [status, { ...errorBody, description: ERROR_DESCRIPTIONS[status] }]));
}

/** Path parameter `:id`: a workflow ID with its slashes URL-encoded (`enrollment%2Fwelcome%2Fc-42%2Forder-1001`). */
export const workflowIdParams = (what: string, example: string) => ({
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 1000, description: `the ${what}'s workflow ID, URL-encoded, e.g. ${encodeURIComponent(example)}` } },
  required: ['id'],
});

/** The body of a cancel: an optional reason, kept with the cancelled run or task. */
export const reasonBodySchema = { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } }, additionalProperties: false };

/** A `preValidation` hook for a POST whose body is optional: no body at all (`curl -X POST`) counts as `{}`. */
export async function absentBodyIsEmpty(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}
