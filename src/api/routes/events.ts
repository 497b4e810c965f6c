import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { customerEventSchema } from '../../events/customerEvent.js';
import { documentedEventTypes } from '../../events/eventTypes.js';
import type { ApiDeps } from '../app.js';
import { checkEvent, countInvalid, deliverEvent, deliverEvents, type IntakeResult } from '../eventIntake.js';
import { ApiError, TEMPORAL_RETRY_AFTER_SECONDS, temporalUnavailable } from '../errors.js';
import { checkedByHandler, errorResponses, jsonSchema, zodProblems } from '../schemas.js';
import { temporalUiLinks } from '../temporalUi.js';

export const BATCH_LIMIT = 500;
const BATCH_BODY_LIMIT = 5 * 1_048_576;

/** Items are checked one by one (checkEvent), so one bad event does not refuse the others. */
const batchOf = (event: z.ZodType) => z.strictObject({ events: z.array(event).min(1).max(BATCH_LIMIT) });
const batchSchema = batchOf(z.unknown());

const acceptedSchema = z.object({
  eventId: z.string(),
  status: z.literal('accepted'),
  workflowId: z.string().describe("the customer's contact workflow"),
  temporalUiUrl: z.string(),
});

const itemErrorSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
export const intakeResultsSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int().describe('invalid items: fix them, do not retry as they are'),
  unavailable: z.number().int().describe('not stored because Temporal was unreachable: retry them with the same eventId'),
  results: z.array(
    z.object({
      index: z.number().int(),
      eventId: z.string().optional(),
      status: z.enum(['accepted', 'rejected', 'unavailable']),
      workflowId: z.string().optional(),
      error: itemErrorSchema.optional(),
    }),
  ),
});

const eventTypesNote = `Documented types, whose \`data\` is checked (422 \`invalid_event_data\` otherwise): ${documentedEventTypes.join(', ')}. Any other snake_case type is a custom event with free-form data.`;

/**
 * The answer for many events: 202 when all were stored, 503 when Temporal took none, otherwise 207
 * with a status per item (Retry-After when some were unavailable).
 */
export function intakeAnswer(results: IntakeResult[]): { status: 202 | 207; headers: Record<string, string>; body: z.infer<typeof intakeResultsSchema> } {
  const count = (status: IntakeResult['status']) => results.filter((result) => result.status === status).length;
  const body = { accepted: count('accepted'), rejected: count('rejected'), unavailable: count('unavailable'), results };
  if (body.unavailable === results.length) throw temporalUnavailable('no event was stored; retry the request later (same eventIds)');
  return {
    status: body.accepted === results.length ? 202 : 207,
    headers: body.unavailable > 0 ? { 'retry-after': String(TEMPORAL_RETRY_AFTER_SECONDS) } : {},
    body,
  };
}

/** POST /v1/events and /v1/events/batch: customer events, delivered durably to each customer's contact workflow. */
export const eventRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const ui = temporalUiLinks(deps.settings.temporalUiUrl, deps.client.options.namespace);

  app.post<{ Body: unknown }>(
    '/v1/events',
    {
      config: { access: 'ingest' },
      ...checkedByHandler,
      schema: {
        summary: 'Send one customer event',
        description: `Answers 202 only once Temporal has stored the event. The same eventId again answers the same and changes nothing. ${eventTypesNote}`,
        tags: ['events'],
        body: jsonSchema(customerEventSchema, 'input'),
        response: { 202: jsonSchema(acceptedSchema), ...errorResponses(403, 409, 413, 415, 422, 503) },
      },
    },
    async (request, reply) => {
      const checked = checkEvent(deps, request.body);
      if ('problem' in checked) {
        countInvalid(deps, (request.body as { type?: unknown } | null)?.type);
        const { status, code, message, details } = checked.problem;
        throw new ApiError(status, code, message, details);
      }
      const { workflowId } = await deliverEvent(deps, checked.event, request.log);
      return reply.status(202).send({ eventId: checked.event.eventId, status: 'accepted', workflowId, temporalUiUrl: ui.workflow(workflowId) });
    },
  );

  app.post<{ Body: unknown }>(
    '/v1/events/batch',
    {
      config: { access: 'ingest' },
      bodyLimit: BATCH_BODY_LIMIT,
      ...checkedByHandler,
      schema: {
        summary: `Send up to ${BATCH_LIMIT} events`,
        description:
          `Each item is checked and stored on its own; events of one customer are applied in their order in the list. ` +
          `202 when every event was stored; 207 with a status per item otherwise (rejected items carry the error, ` +
          `unavailable ones should be retried with the same eventId); 503 when Temporal stored none. ${eventTypesNote}`,
        tags: ['events'],
        body: jsonSchema(batchOf(customerEventSchema), 'input'),
        response: { 202: jsonSchema(intakeResultsSchema), 207: jsonSchema(intakeResultsSchema), ...errorResponses(403, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const batch = batchSchema.safeParse(request.body);
      if (!batch.success) {
        const { message, details } = zodProblems(batch.error, 'body');
        throw new ApiError(400, 'invalid_request', message, details);
      }
      const { status, headers, body } = intakeAnswer(await deliverEvents(deps, batch.data.events, request.log));
      return reply.status(status).headers(headers).send(body);
    },
  );
};
