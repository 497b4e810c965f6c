import type { FastifyPluginAsync } from 'fastify';
import { contactStateQuery } from '../../../workflows/index.js';
import { contactWorkflowId } from '../../../workflows/ids.js';
import { InvalidCursorError } from '../../store/timeline.js';
import { viewFacts } from '../../../workflows/facts.js';
import { LIFECYCLE_STAGES } from '../../../workflows/lifecycleStages.js';
import type { ApiDeps } from '../app.js';
import { ApiError, storeUnavailable } from '../errors.js';
import { errorResponses } from '../schemas.js';
import { temporalCall } from '../temporalCalls.js';
import { temporalUiLinks } from '../temporalUi.js';

const customerSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    profile: { type: 'object', additionalProperties: true, description: 'merged from every event by occurredAt (the customer store): email, name, phone, locale, timezone, …' },
    consent: {
      type: 'object',
      description: 'from the customer store',
      properties: { unsubscribed: { type: 'boolean' }, suppressed: { type: 'array', items: { type: 'string' } } },
    },
    identities: {
      type: 'array',
      description: 'email (lower-cased) and phone (E.164) as the store finds the customer by them',
      items: { type: 'object', properties: { kind: { type: 'string' }, value: { type: 'string' } } },
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
    erasedAt: { type: 'string', format: 'date-time', description: 'set once the customer was erased (DELETE /v1/customers/:id)' },
    facts: {
      type: 'object',
      additionalProperties: true,
      description:
        'what the store counted from their events, as sequences read it under customer.facts.*: events.<type>.count|first|last, orders, revenue (null when the currencies are mixed), currency, revenue_by_currency, last_product, last_activity_at, first_activity_at, days_since_last_activity (Asia/Tehran days, now)',
    },
    lifecycle: {
      type: 'object',
      description: 'the lifecycle stage (data/lifecycle.yaml) and since when; churnType when churned',
      properties: { stage: { type: 'string', enum: [...LIFECYCLE_STAGES] }, churnType: { type: ['string', 'null'] }, since: { type: 'string', format: 'date-time' } },
    },
    temporalUiUrl: { type: 'string' },
  },
};

const timelineSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          source: { type: 'string', enum: ['event', 'ledger'] },
          type: {
            type: 'string',
            description:
              'the event type, or the ledger kind: message.attempted | sent | failed | skipped | bounced | delivered | opened | clicked | replied, enrollment.started | step | variant | ended, call_task.opened | claimed | completed | outcome | note | cancelled',
          },
          occurredAt: { type: 'string', format: 'date-time' },
          eventId: { type: 'string' },
          subject: { type: 'string', description: 'ledger: the message key, enrollment or call task it is about' },
          occurrence: { type: 'string', description: 'ledger: tells apart entries of one kind about one subject (attempt, step id, agent, link)' },
          sequenceId: { type: ['string', 'null'] },
          data: { type: 'object', additionalProperties: true, description: 'the event data, or the ledger details (channel, reason, provider ids, version, outcome, durations …)' },
        },
      },
    },
    next: { type: 'string', description: 'pass as `before` for the older page; absent on the last page' },
  },
};

export const customerIdParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200, description: 'customerId (URL-encoded)' } }, required: ['id'] };

/**
 * GET /v1/customers/:id: what Peygir knows about a customer: profile and consent from the customer store,
 * running enrollments from their contact workflow (none once it ended). A customer whose events all came
 * before the store existed is shown from the contact workflow alone.
 */
export const customerRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const ui = temporalUiLinks(deps.settings.temporalUiUrl, deps.client.options.namespace);

  app.get<{ Params: { id: string } }>(
    '/v1/customers/:id',
    {
      schema: {
        summary: 'A customer: profile, consent and running enrollments',
        tags: ['customers'],
        params: customerIdParams,
        response: { 200: customerSchema, ...errorResponses(403, 404, 503) },
      },
    },
    async (request) => {
      const customerId = request.params.id;
      const workflowId = contactWorkflowId(customerId);
      const notFound = () => new ApiError(404, 'customer_not_found', `no events were received for customer "${customerId}"`);
      const [stored, contact] = await Promise.all([
        deps.store.getCustomer(customerId).catch(() => {
          throw storeUnavailable('the customer store did not answer; retry later');
        }),
        temporalCall(deps.client, () => deps.client.workflow.getHandle(workflowId).query(contactStateQuery), notFound).catch((error: unknown) => {
          if (error instanceof ApiError && error.code === 'customer_not_found') return undefined;
          throw error;
        }),
      ]);
      if (!stored && !contact) throw notFound();
      return {
        customerId,
        profile: stored?.profile ?? contact?.profile,
        consent: stored ? { unsubscribed: stored.consent.unsubscribed, suppressed: stored.consent.suppressed } : contact?.consent,
        identities: stored?.identities ?? [],
        activeEnrollments: Object.entries(contact?.active ?? {}).flatMap(([sequenceId, ids]) =>
          ids.map((id) => ({ sequenceId, id, url: `/v1/enrollments/${encodeURIComponent(id)}`, temporalUiUrl: ui.workflow(id) })),
        ),
        enrollmentCounts: contact?.enrolled ?? {},
        recentEnrollments: contact?.enrollments ?? [],
        notStarted: (contact?.notStarted ?? []).map(({ workflowId, ...entry }) => ({ id: workflowId, ...entry })),
        duplicateEvents: contact?.duplicateEvents ?? 0,
        ...(stored?.erasedAt ? { erasedAt: stored.erasedAt.toISOString() } : {}),
        ...(stored?.facts && { facts: viewFacts(stored.facts, new Date()) }),
        ...(stored?.lifecycle && { lifecycle: { ...stored.lifecycle, since: stored.lifecycle.since.toISOString() } }),
        temporalUiUrl: ui.workflow(workflowId),
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { limit: number; before?: string } }>(
    '/v1/customers/:id/timeline',
    {
      schema: {
        summary: "A customer's history from the store: events, messages, enrollments and call tasks, newest first",
        tags: ['customers'],
        params: customerIdParams,
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, before: { type: 'string', maxLength: 100 } },
          additionalProperties: false,
        },
        response: { 200: timelineSchema, ...errorResponses(400, 403, 404, 503) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const fromStore = <T>(read: () => Promise<T>): Promise<T> =>
        read().catch((error: unknown) => {
          if (error instanceof InvalidCursorError) throw new ApiError(400, 'invalid_request', `before: ${error.message}`);
          throw storeUnavailable('the customer store did not answer; retry later');
        });
      const page = await fromStore(() => deps.store.customerTimeline(id, request.query));
      if (page.items.length === 0 && !request.query.before && !(await fromStore(() => deps.store.getCustomer(id)))) {
        throw new ApiError(404, 'customer_not_found', `no events were received for customer "${id}"`);
      }
      return { ...page, items: page.items.map(({ seq: _seq, occurredAt, ...item }) => ({ ...item, occurredAt: occurredAt.toISOString() })) };
    },
  );
};
