import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { customerEventSchema, type CustomerEvent } from '../../events/customerEvent.js';
import type { ApiDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { contactWorkflow, customerEventSignal, newContactState } from '../../../workflows/index.js';
import { contactWorkflowId } from '../../../workflows/ids.js';

const TEMPORAL_DEADLINE_MS = 5_000;

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
      const event = request.body;
      const workflowId = contactWorkflowId(event.customerId);
      try {
        // A webhook sender should hear "retry later" quickly rather than wait out gRPC retries.
        await deps.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
          deps.client.workflow.signalWithStart(contactWorkflow, {
            workflowId,
            taskQueue: deps.taskQueue,
            args: [newContactState(event.customerId)],
            signal: customerEventSignal,
            signalArgs: [event],
            staticSummary: `Contact ${event.customerId}`,
          }),
        );
      } catch (error) {
        request.log.error({ err: error }, 'Temporal did not accept the event');
        throw new ApiError(503, 'temporal_unavailable', 'the event was not stored; retry later with the same eventId');
      }
      return reply.status(202).send({ eventId: event.eventId, status: 'accepted', workflowId });
    },
  );
};
