import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { customerEventSchema, type CustomerEvent } from '../../events/customerEvent.js';
import { documentedEventTypes } from '../../events/eventTypes.js';
import type { ApiDeps } from '../app.js';
import { assertEventData, countInvalid, deliverEvent, deliverEvents, type IntakeResult } from '../eventIntake.js';
import { TEMPORAL_RETRY_AFTER_SECONDS, temporalUnavailable } from '../errors.js';
import { errorResponses, jsonSchema } from '../schemas.js';
import { temporalUiLinks } from '../temporalUi.js';

export const BATCH_LIMIT = 500;
const BATCH_BODY_LIMIT = 5 * 1_048_576;

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

  app.post<{ Body: CustomerEvent }>(
    '/v1/events',
    {
      config: { access: 'ingest' },
      attachValidation: true,
      schema: {
        summary: 'Send one customer event',
        description: `Answers 202 only once Temporal has stored the event. The same eventId again answers the same and changes nothing. ${eventTypesNote}`,
        tags: ['events'],
        body: jsonSchema(customerEventSchema, 'input'),
        response: { 202: jsonSchema(acceptedSchema), ...errorResponses(403, 413, 415, 422, 503) },
      },
    },
    async (request, reply) => {
      if (request.validationError) {
        countInvalid(deps, (request.body as { type?: unknown } | undefined)?.type);
        throw request.validationError;
      }
      try {
        assertEventData(request.body);
      } catch (error) {
        countInvalid(deps, request.body.type);
        throw error;
      }
      const { workflowId } = await deliverEvent(deps, request.body, request.log);
      return reply.status(202).send({ eventId: request.body.eventId, status: 'accepted', workflowId, temporalUiUrl: ui.workflow(workflowId) });
    },
  );

  app.post<{ Body: { events: unknown[] } }>(
    '/v1/events/batch',
    {
      config: { access: 'ingest' },
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        summary: `Send up to ${BATCH_LIMIT} events`,
        description:
          `Each item is checked and stored on its own; events of one customer are applied in their order in the list. ` +
          `202 when every event was stored; 207 with a status per item otherwise (rejected items carry the error, ` +
          `unavailable ones should be retried with the same eventId); 503 when Temporal stored none. ${eventTypesNote}`,
        tags: ['events'],
        body: {
          type: 'object',
          properties: { events: { type: 'array', minItems: 1, maxItems: BATCH_LIMIT, items: { type: 'object' } } },
          required: ['events'],
          additionalProperties: false,
        },
        response: { 202: jsonSchema(intakeResultsSchema), 207: jsonSchema(intakeResultsSchema), ...errorResponses(403, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { status, headers, body } = intakeAnswer(await deliverEvents(deps, request.body.events, request.log));
      return reply.status(status).headers(headers).send(body);
    },
  );
};
