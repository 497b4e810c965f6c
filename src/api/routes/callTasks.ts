import type { FastifyPluginAsync } from 'fastify';
import { CALL_OUTCOMES, type CallOutcome } from '../../../workflows/callTask.js';
import type { ApiDeps } from '../app.js';
import { callTaskActions } from '../callTaskActions.js';
import { absentBodyIsEmpty, errorResponses, reasonBodySchema, workflowIdParams } from '../schemas.js';
import { listQuerySchema } from '../visibility.js';

const CALL_TASK_STATUSES = ['scheduled', 'open', 'claimed', 'completed', 'cancelled'];

interface ListQuery {
  status?: string;
  assignee?: string;
  customerId?: string;
  sequence?: string;
  pageSize: number;
  nextPageToken?: string;
}

const callTaskSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    status: { type: 'string', description: CALL_TASK_STATUSES.join(' | ') },
    assignee: { type: 'string' },
    priority: { type: 'string' },
    url: { type: 'string' },
    temporalUiUrl: { type: 'string' },
  },
  description: 'the task: customer, phone, sequence, enrollment, assignee, priority, status, script, openAt, dueAt, claimedBy, outcome, notes',
};

const EXAMPLE_ID = 'call-task/c-42/survey-followup/answer-7/2.1';

/**
 * Call tasks for agents: list (Temporal visibility, each task with its details), inspect, claim,
 * complete and cancel (Temporal updates: the answer is the task after the change). `:id` is the workflow ID, URL-encoded.
 */
export const callTaskRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const callTasks = callTaskActions(deps);

  app.get<{ Querystring: ListQuery }>(
    '/v1/call-tasks',
    {
      schema: {
        summary: 'List call tasks (Temporal visibility), newest first',
        tags: ['call tasks'],
        querystring: listQuerySchema({ status: CALL_TASK_STATUSES.join(' | '), assignee: 'who the task is for', customerId: 'customer', sequence: 'sequence id' }),
        response: {
          200: { type: 'object', properties: { callTasks: { type: 'array', items: callTaskSchema }, nextPageToken: { type: 'string' }, temporalUiUrl: { type: 'string' } } },
          ...errorResponses(403, 503),
        },
      },
    },
    async (request) => {
      const { pageSize, nextPageToken, ...filters } = request.query;
      return callTasks.list(filters, { pageSize, nextPageToken });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/call-tasks/:id',
    {
      schema: {
        summary: 'One call task',
        tags: ['call tasks'],
        params: workflowIdParams('call task', EXAMPLE_ID),
        response: { 200: callTaskSchema, ...errorResponses(403, 404, 503) },
      },
    },
    async (request) => callTasks.get(request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { agentId: string } }>(
    '/v1/call-tasks/:id/claim',
    {
      schema: {
        summary: 'An agent takes the task',
        tags: ['call tasks'],
        params: workflowIdParams('call task', EXAMPLE_ID),
        body: { type: 'object', properties: { agentId: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['agentId'], additionalProperties: false },
        response: { 200: callTaskSchema, ...errorResponses(403, 404, 409, 503) },
      },
    },
    async (request) => callTasks.claim(request.params.id, request.body.agentId),
  );

  app.post<{ Params: { id: string }; Body: { outcome: CallOutcome; notes?: string; agentId?: string; callbackAt?: string } }>(
    '/v1/call-tasks/:id/complete',
    {
      schema: {
        summary: 'Record the call and close the task',
        description: `The outcome reaches the sequence as a \`call_completed\` event. Outcomes: ${CALL_OUTCOMES.join(', ')} (another one → 422 invalid_outcome).`,
        tags: ['call tasks'],
        params: workflowIdParams('call task', EXAMPLE_ID),
        body: {
          type: 'object',
          properties: {
            outcome: { type: 'string', minLength: 1, maxLength: 50, description: CALL_OUTCOMES.join(' | ') },
            notes: { type: 'string', maxLength: 5000 },
            agentId: { type: 'string', minLength: 1, maxLength: 200 },
            callbackAt: { type: 'string', format: 'date-time', description: 'callback_requested: when to call back (carried to the call_completed event data as callbackAt)' },
          },
          required: ['outcome'],
          additionalProperties: false,
        },
        response: { 200: callTaskSchema, ...errorResponses(403, 404, 409, 422, 503) },
      },
    },
    async (request) => callTasks.complete(request.params.id, request.body),
  );

  app.post<{ Params: { id: string }; Body: { reason?: string } }>(
    '/v1/call-tasks/:id/cancel',
    {
      preValidation: absentBodyIsEmpty,
      schema: {
        summary: 'Cancel the task (nobody should call)',
        description: 'The task ends as cancelled, with the reason. The run that asked for it hears no call_completed: a wait_for on that event runs to its timeout.',
        tags: ['call tasks'],
        params: workflowIdParams('call task', EXAMPLE_ID),
        body: reasonBodySchema,
        response: { 200: callTaskSchema, ...errorResponses(403, 404, 409, 503) },
      },
    },
    async (request) => callTasks.cancel(request.params.id, request.body.reason),
  );
};
