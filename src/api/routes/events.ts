import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { customerEventSchema, type CustomerEvent } from '../../events/customerEvent.js';
import type { ApiDeps } from '../app.js';
import { ingestEvent } from '../ingest.js';

const acceptedSchema = z.object({
  eventId: z.string(),
  status: z.literal('accepted'),
  workflowId: z.string(),
});

/** POST /v1/events: a customer event, delivered durably to the customer's contact workflow. */
export const eventRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  app.post<{ Body: CustomerEvent }>(
    '/v1/events',
    {
      schema: {
        body: z.toJSONSchema(customerEventSchema, { target: 'draft-7', io: 'input' }),
        response: { 202: z.toJSONSchema(acceptedSchema, { target: 'draft-7' }) },
      },
    },
    async (request, reply) => {
      const { workflowId } = await ingestEvent(deps, request.body, request.log);
      return reply.status(202).send({ eventId: request.body.eventId, status: 'accepted', workflowId });
    },
  );
};
