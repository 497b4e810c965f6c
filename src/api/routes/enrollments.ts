import type { FastifyPluginAsync } from 'fastify';
import { stateQuery, timelineQuery } from '../../../workflows/index.js';
import { customerIdKey, sequenceKey, sequenceVersionKey, statusKey, stepKey } from '../../../workflows/searchAttributes.js';
import type { ApiDeps } from '../app.js';
import { controlEnrollment, ENROLLMENT_CONTROLS, type EnrollmentControl } from '../enrollmentControls.js';
import { resolveEnrollmentId } from '../enrollmentIds.js';
import { ApiError } from '../errors.js';
import { absentBodyIsEmpty, errorResponses, reasonBodySchema, workflowIdParams } from '../schemas.js';
import { temporalCall } from '../temporalCalls.js';
import { temporalUiLinks } from '../temporalUi.js';
import { listQuerySchema, listWorkflows, visibilityQuery } from '../visibility.js';

const ENROLLMENT_STATUSES = ['running', 'waiting', 'failed', 'completed', 'converted', 'exited'];

interface ListQuery {
  customerId?: string;
  sequence?: string;
  version?: string;
  status?: string;
  pageSize: number;
  nextPageToken?: string;
}

const listedEnrollment = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    sequenceId: { type: 'string' },
    version: { type: 'string' },
    customerId: { type: 'string' },
    status: { type: 'string', description: ENROLLMENT_STATUSES.join(' | ') },
    step: { type: 'string', description: 'the step it is at (or ended at)' },
    execution: { type: 'string', description: "Temporal's execution status: running, completed, terminated, …" },
    startedAt: { type: 'string' },
    closedAt: { type: 'string' },
    url: { type: 'string' },
    temporalUiUrl: { type: 'string' },
  },
};

const enrollmentSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    status: { type: 'string' },
    timeline: {
      type: 'object',
      additionalProperties: true,
      properties: { done: { type: 'array', items: { type: 'object', additionalProperties: true } }, next: { type: 'object', additionalProperties: true } },
    },
    temporalUiUrl: { type: 'string' },
  },
  description: 'the run state (sequenceId, version, customerId, status, startedAt, currentStep, waitingFor, wakeAt, exitReason, endedAt) and its timeline',
};

const signalAnswer = { type: 'object', properties: { id: { type: 'string' }, action: { type: 'string' }, status: { type: 'string' } } };

/**
 * Enrollments (one customer's run through a sequence): list via Temporal visibility, inspect via the
 * run's queries, control via its signals. `:id` is the workflow ID, URL-encoded; one written with its
 * parts unescaped (`enrollment/welcome/c-42/manual/welcome/r-1`) finds the run it stands for.
 */
export const enrollmentRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const ui = temporalUiLinks(deps.settings.temporalUiUrl, deps.client.options.namespace);
  const notFound = (id: string) => () => new ApiError(404, 'enrollment_not_found', `no enrollment "${id}"`);
  const handleOf = (id: string) => {
    if (!id.startsWith('enrollment/')) throw notFound(id)();
    return deps.client.workflow.getHandle(id);
  };

  app.get<{ Querystring: ListQuery }>(
    '/v1/enrollments',
    {
      schema: {
        summary: 'List enrollments (Temporal visibility), newest first',
        tags: ['enrollments'],
        querystring: listQuerySchema({ customerId: 'customer', sequence: 'sequence id', version: 'sequence version hash', status: ENROLLMENT_STATUSES.join(' | ') }),
        response: {
          200: {
            type: 'object',
            properties: { enrollments: { type: 'array', items: listedEnrollment }, nextPageToken: { type: 'string' }, temporalUiUrl: { type: 'string' } },
          },
          ...errorResponses(403, 503),
        },
      },
    },
    async (request) => {
      const { customerId, sequence, version, status, pageSize, nextPageToken } = request.query;
      const query = visibilityQuery('enrollmentWorkflow', {
        [customerIdKey.name]: customerId,
        [sequenceKey.name]: sequence,
        [sequenceVersionKey.name]: version,
        [statusKey.name]: status,
      });
      const page = await listWorkflows(deps.client, query, { pageSize, nextPageToken, tokenSecret: deps.links.secret });
      return {
        enrollments: page.workflows.map(({ workflowId, searchAttributes, ...times }) => ({
          id: workflowId,
          sequenceId: searchAttributes[sequenceKey.name],
          version: searchAttributes[sequenceVersionKey.name],
          customerId: searchAttributes[customerIdKey.name],
          status: searchAttributes[statusKey.name],
          step: searchAttributes[stepKey.name],
          ...times,
          url: `/v1/enrollments/${encodeURIComponent(workflowId)}`,
          temporalUiUrl: ui.workflow(workflowId),
        })),
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
        temporalUiUrl: ui.search(query),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/enrollments/:id',
    {
      schema: {
        summary: 'One enrollment: where it is, what it waits for, and its timeline',
        tags: ['enrollments'],
        params: workflowIdParams('enrollment', 'enrollment/welcome/c-42/order-1001'),
        response: { 200: enrollmentSchema, ...errorResponses(403, 404, 409, 503) },
      },
    },
    async (request) => {
      const id = await resolveEnrollmentId(deps.client, request.params.id);
      const handle = handleOf(id);
      const [state, timeline] = await temporalCall(deps.client, () => Promise.all([handle.query(stateQuery), handle.query(timelineQuery)]), notFound(id));
      return { id, ...state, timeline, temporalUiUrl: ui.workflow(id) };
    },
  );

  for (const [action, { summary }] of Object.entries(ENROLLMENT_CONTROLS)) {
    app.post<{ Params: { id: string }; Body: { reason?: string } | undefined }>(
      `/v1/enrollments/:id/${action}`,
      {
        ...(action === 'cancel' ? { preValidation: absentBodyIsEmpty } : {}),
        schema: {
          summary,
          tags: ['enrollments'],
          params: workflowIdParams('enrollment', 'enrollment/welcome/c-42/order-1001'),
          ...(action === 'cancel' ? { body: reasonBodySchema } : {}),
          response: { 202: signalAnswer, ...errorResponses(403, 404, 409, 503) },
        },
      },
      async (request, reply) => {
        const id = await controlEnrollment(deps.client, request.params.id, action as EnrollmentControl, request.body?.reason);
        return reply.status(202).send({ id, action, status: 'sent' });
      },
    );
  }
};
