import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import { contactWorkflowId } from '../../../workflows/ids.js';
import type { ApiDeps } from '../app.js';
import { cancelCustomerRuns, listCustomerRuns } from '../customerRuns.js';
import { ApiError, storeUnavailable } from '../errors.js';
import { errorResponses } from '../schemas.js';
import { temporalCall } from '../temporalCalls.js';
import { customerIdParams } from './customers.js';

const looseObject = { type: 'object', additionalProperties: true };
const listedRun = {
  type: 'object',
  properties: {
    workflowId: { type: 'string' },
    execution: { type: 'string', description: "Temporal's execution status: running, completed, terminated, …" },
    startedAt: { type: 'string' },
    closedAt: { type: 'string' },
    searchAttributes: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const exportSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    exportedAt: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    erasedAt: { type: ['string', 'null'], format: 'date-time' },
    profile: {
      type: 'object',
      description: 'each field with its value and `asOf`: the occurredAt of the event that set it',
      additionalProperties: { type: 'object', properties: { value: {}, asOf: { type: 'string', format: 'date-time' } } },
    },
    identities: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, value: { type: 'string' } } } },
    consent: {
      type: 'object',
      properties: {
        unsubscribed: { type: 'boolean' },
        suppressed: { type: 'array', items: { type: 'string' } },
        decisions: {
          type: 'array',
          description: 'per channel (`all` = every channel): allowed or not, the event type (or erasure) that decided it, and when',
          items: {
            type: 'object',
            properties: {
              channel: { type: 'string' },
              allowed: { type: 'boolean' },
              reason: { type: 'string' },
              eventId: { type: 'string' },
              occurredAt: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
    events: {
      type: 'array',
      description: 'every accepted event, oldest first, as received',
      items: {
        type: 'object',
        properties: {
          eventId: { type: 'string' },
          type: { type: 'string' },
          occurredAt: { type: 'string', format: 'date-time' },
          receivedAt: { type: 'string', format: 'date-time' },
          customer: { ...looseObject, type: ['object', 'null'] },
          data: { ...looseObject, type: ['object', 'null'] },
        },
      },
    },
    ledger: {
      type: 'array',
      description: 'every ledger entry, oldest first: messages and their outcomes, enrollments, call tasks',
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string' },
          subject: { type: 'string' },
          occurrence: { type: 'string' },
          sequenceId: { type: ['string', 'null'] },
          occurredAt: { type: 'string', format: 'date-time' },
          details: looseObject,
        },
      },
    },
    temporal: {
      type: 'object',
      description: 'enrollments and call tasks as Temporal visibility lists them (running, and finished within the retention); `listed: false` with the reason where it cannot',
      properties: {
        listed: { type: 'boolean' },
        reason: { type: 'string' },
        enrollments: { type: 'array', items: listedRun },
        callTasks: { type: 'array', items: listedRun },
      },
    },
  },
};

const erasureSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'string' },
    erasedAt: { type: 'string', format: 'date-time', description: 'the first erasure; a repeated DELETE keeps it' },
    alreadyErased: { type: 'boolean' },
    store: {
      type: 'object',
      properties: {
        eventsCleared: { type: 'integer', description: "events whose `customer` and `data` were cleared (type, eventId and times stay)" },
        ledgerEntriesScrubbed: { type: 'integer', description: 'ledger entries whose details held a personal value or free text, now `[erased]`' },
        identitiesRemoved: { type: 'integer' },
        identitiesSuppressed: {
          type: 'object',
          description: 'emails and phones kept only as keyed digests, so no later event or import reaches them',
          properties: { email: { type: 'integer' }, phone: { type: 'integer' } },
        },
      },
    },
    temporal: {
      type: 'object',
      properties: {
        enrollmentsCancelled: { type: 'array', items: { type: 'string' } },
        callTasksCancelled: { type: 'array', items: { type: 'string' } },
        contactTerminated: { type: 'boolean' },
        visibilityListed: { type: 'boolean', description: 'false: visibility was not available, only the enrollments the contact knew of were cancelled' },
      },
    },
  },
};

const ERASURE_REASON = 'customer erased';

/**
 * GET /v1/customers/:id/export (everything held about a customer, as a JSON download) and
 * DELETE /v1/customers/:id (erasure). What erasure removes and keeps: README "Export and erasure".
 */
export const customerPrivacyRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  app.get<{ Params: { id: string } }>(
    '/v1/customers/:id/export',
    {
      schema: {
        summary: 'Everything held about a customer, as a JSON file',
        description:
          'Profile (each field with the time of the event that set it), identities, consent decisions, every event and ledger entry from the customer store, ' +
          'and the enrollments and call tasks Temporal visibility lists. Answered as an attachment (Content-Disposition).',
        tags: ['customers'],
        params: customerIdParams,
        response: { 200: exportSchema, ...errorResponses(403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { filename, document } = await customerExport(deps, request.params.id);
      return reply.header('content-disposition', `attachment; filename="${filename}"`).send(document);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/customers/:id',
    {
      schema: {
        summary: 'Erase a customer: personal data removed, runs cancelled, email and phone suppressed for good',
        description:
          'Empties the profile, removes identities, clears every event’s `customer` and `data`, scrubs ledger details, keeps each email and phone only as a ' +
          'keyed digest (a later event or import with the same address is suppressed; sends to it are refused), cancels running enrollments and call tasks ' +
          'and ends the contact. Later events for this customer ID are refused with `409 customer_erased`. Repeating it is harmless. ' +
          'The store part is done before Temporal is asked: on 503 (Temporal unreachable) repeat the request.',
        tags: ['customers'],
        params: customerIdParams,
        response: { 200: erasureSchema, ...errorResponses(403, 404, 503) },
      },
    },
    async (request) => eraseCustomerEverywhere(deps, request.params.id, request.log),
  );
};

/** The export as GET /v1/customers/:id/export and the console's download answer it: the file's name and its content. 404 for a customer the store does not hold. */
export async function customerExport(deps: ApiDeps, customerId: string) {
  const held = await fromStore(() => deps.store.exportCustomer(customerId));
  if (!held) throw notFound(customerId);
  const { customer } = held;
  const runs = await listCustomerRuns(deps.client, deps.links.secret, customerId);
  return {
    filename: `peygir-customer-${customerId.replace(/[^\w.-]+/g, '_').slice(0, 100)}.json`,
    document: {
      customerId,
      exportedAt: new Date().toISOString(),
      createdAt: customer.createdAt.toISOString(),
      erasedAt: customer.erasedAt?.toISOString() ?? null,
      profile: Object.fromEntries(
        Object.entries(customer.profile).map(([field, value]) => {
          const asOf = customer.profileAsOf[field];
          return [field, { value, ...(asOf !== undefined ? { asOf: new Date(asOf).toISOString() } : {}) }];
        }),
      ),
      identities: customer.identities,
      consent: customer.consent,
      events: held.events,
      ledger: held.ledger,
      temporal: runs,
    },
  };
}

/** Erasure as DELETE /v1/customers/:id and the console do it: the store first, then the customer's runs. 404 for a customer nobody knows. */
export async function eraseCustomerEverywhere(deps: ApiDeps, customerId: string, log: FastifyBaseLogger) {
  const stored = await fromStore(() => deps.store.getCustomer(customerId));
  if (!stored && !(await contactExists(deps, customerId))) throw notFound(customerId);
  const { erasedAt, alreadyErased, ...store } = await fromStore(() => deps.store.eraseCustomer(customerId));
  log.info({ customerId, alreadyErased }, 'customer erased in the store; cancelling their runs');
  const temporal = await cancelCustomerRuns(deps.client, deps.links.secret, customerId, ERASURE_REASON);
  return { customerId, erasedAt: erasedAt.toISOString(), alreadyErased, store, temporal };
}

function fromStore<T>(read: () => Promise<T>): Promise<T> {
  return read().catch(() => {
    throw storeUnavailable('the customer store did not answer; retry later');
  });
}

function notFound(customerId: string): ApiError {
  return new ApiError(404, 'customer_not_found', `no events were received for customer "${customerId}"`);
}

/** A customer whose events all came before the store existed is known only to their contact workflow. */
async function contactExists(deps: ApiDeps, customerId: string): Promise<boolean> {
  const gone = () => new ApiError(404, 'customer_not_found', '');
  return temporalCall(deps.client, () => deps.client.workflow.getHandle(contactWorkflowId(customerId)).describe(), gone).then(
    () => true,
    (error: unknown) => (error instanceof ApiError && error.statusCode === 404 ? false : Promise.reject(error)),
  );
}
