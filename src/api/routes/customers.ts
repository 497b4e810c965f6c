import type { FastifyPluginAsync } from 'fastify';
import { contactStateQuery } from '../../../workflows/index.js';
import { contactWorkflowId } from '../../../workflows/ids.js';
import type { ApiDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas.js';
import { temporalCall } from '../temporalCalls.js';
import { temporalUiLinks } from '../temporalUi.js';

const customerSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    profile: { type: 'object', additionalProperties: true, description: 'merged from every event: email, name, phone, locale, timezone, …' },
    consent: {
      type: 'object',
      properties: { unsubscribed: { type: 'boolean' }, suppressed: { type: 'array', items: { type: 'string' } } },
    },
    activeEnrollments: {
      type: 'array',
      items: {
        type: 'object',
        properties: { sequenceId: { type: 'string' }, id: { type: 'string' }, url: { type: 'string' }, temporalUiUrl: { type: 'string' } },
      },
    },
    enrollmentCounts: { type: 'object', additionalProperties: { type: 'integer' }, description: 'enrollments so far, by sequence' },
    recentEnrollments: { type: 'array', items: { type: 'string' } },
    notStarted: {
      type: 'array',
      description: 'enrollments the rules allowed but Temporal could not start (reason id_taken: another run holds the ID; id_too_long), most recent last',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, sequenceId: { type: 'string' }, eventId: { type: 'string' }, reason: { type: 'string' }, at: { type: 'string' } },
      },
    },
    duplicateEvents: { type: 'integer', description: 'redelivered events recognised and ignored' },
    temporalUiUrl: { type: 'string' },
  },
};

/** GET /v1/customers/:id: what Peygir knows about a customer, from their contact workflow. */
export const customerRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const ui = temporalUiLinks(deps.settings.temporalUiUrl, deps.client.options.namespace);

  app.get<{ Params: { id: string } }>(
    '/v1/customers/:id',
    {
      schema: {
        summary: 'A customer: profile, consent and running enrollments',
        tags: ['customers'],
        params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200, description: 'customerId (URL-encoded)' } }, required: ['id'] },
        response: { 200: customerSchema, ...errorResponses(403, 404, 503) },
      },
    },
    async (request) => {
      const workflowId = contactWorkflowId(request.params.id);
      const contact = await temporalCall(
        deps.client,
        () => deps.client.workflow.getHandle(workflowId).query(contactStateQuery),
        () => new ApiError(404, 'customer_not_found', `no events were received for customer "${request.params.id}"`),
      );
      return {
        customerId: contact.customerId,
        profile: contact.profile,
        consent: contact.consent,
        activeEnrollments: Object.entries(contact.active).flatMap(([sequenceId, ids]) =>
          ids.map((id) => ({ sequenceId, id, url: `/v1/enrollments/${encodeURIComponent(id)}`, temporalUiUrl: ui.workflow(id) })),
        ),
        enrollmentCounts: contact.enrolled,
        recentEnrollments: contact.enrollments,
        notStarted: (contact.notStarted ?? []).map(({ workflowId, ...entry }) => ({ id: workflowId, ...entry })),
        duplicateEvents: contact.duplicateEvents,
        temporalUiUrl: ui.workflow(workflowId),
      };
    },
  );
};
