import type { FastifyPluginAsync } from 'fastify';
import { CHURN_TYPES, LIFECYCLE_STAGES, type ChurnType, type LifecycleStage } from '../../../workflows/lifecycleStages.js';
import type { ApiDeps } from '../app.js';
import { storeUnavailable } from '../errors.js';
import { errorResponses } from '../schemas.js';

interface StageQuery {
  stage: LifecycleStage;
  churn_type?: ChurnType;
  limit: number;
  after?: string;
}

/** GET /v1/customers?stage=churned[&churn_type=passive]: who is in a lifecycle stage, from the store, by customer ID. */
export const customerStageRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  app.get<{ Querystring: StageQuery }>(
    '/v1/customers',
    {
      schema: {
        summary: 'Customers in a lifecycle stage (and churn type), paginated by customer ID',
        tags: ['customers'],
        querystring: {
          type: 'object',
          properties: {
            stage: { type: 'string', enum: [...LIFECYCLE_STAGES] },
            churn_type: { type: 'string', enum: [...CHURN_TYPES] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            after: { type: 'string', minLength: 1, maxLength: 200, description: 'the `next` of the page before' },
          },
          required: ['stage'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              customers: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { customerId: { type: 'string' }, stage: { type: 'string' }, churnType: { type: ['string', 'null'] }, since: { type: 'string', format: 'date-time' } },
                },
              },
              next: { type: 'string', description: 'pass as `after` for the next page; absent on the last page' },
            },
          },
          ...errorResponses(400, 403, 503),
        },
      },
    },
    async (request) => {
      const { stage, churn_type: churnType, limit, after } = request.query;
      const page = await deps.store.customersInStage({ stage, churnType, limit, after }).catch(() => {
        throw storeUnavailable('the customer store did not answer; retry later');
      });
      return { ...page, customers: page.customers.map((customer) => ({ ...customer, since: customer.since.toISOString() })) };
    },
  );
};
