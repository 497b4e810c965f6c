import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyPluginAsync } from 'fastify';
import { CALL_OUTCOMES, type CallOutcome, type CallTask } from '../../../workflows/callTask.js';
import { callTaskQuery, cancelCallTaskUpdate, claimCallTask, completeCallTask } from '../../../workflows/protocol.js';
import { assigneeKey, customerIdKey, sequenceKey, statusKey } from '../../../workflows/searchAttributes.js';
import type { ApiDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { absentBodyIsEmpty, errorResponses, reasonBodySchema, workflowIdParams } from '../schemas.js';
import { callRunning, temporalCall } from '../temporalCalls.js';
import { temporalUiLinks } from '../temporalUi.js';
import { listQuerySchema, listWorkflows, visibilityQuery } from '../visibility.js';

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

/** Maps the call task workflow's update failures (its validators) to API errors. */
function updateError(error: unknown): unknown {
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) return error;
  if (error.cause.type === 'CallTaskClosed') return new ApiError(409, 'call_task_closed', error.cause.message);
  if (error.cause.type === 'InvalidOutcome') return new ApiError(422, 'invalid_outcome', error.cause.message, { outcomes: CALL_OUTCOMES });
  return error;
}

/**
 * Call tasks for agents: list (Temporal visibility, each task with its details), inspect, claim,
 * complete and cancel (Temporal updates: the answer is the task after the change). `:id` is the workflow ID, URL-encoded.
 */
export const callTaskRoutes: FastifyPluginAsync<ApiDeps> = async (app, deps) => {
  const ui = temporalUiLinks(deps.settings.temporalUiUrl, deps.client.options.namespace);
  const notFound = (id: string) => () => new ApiError(404, 'call_task_not_found', `no call task "${id}"`);
  const closed = (id: string) => () => new ApiError(409, 'call_task_closed', `call task "${id}" has ended`);
  const present = (id: string, task: CallTask) => ({ id, ...task, url: `/v1/call-tasks/${encodeURIComponent(id)}`, temporalUiUrl: ui.workflow(id) });
  const handleOf = (id: string) => {
    if (!id.startsWith('call-task/')) throw notFound(id)();
    return deps.client.workflow.getHandle(id);
  };
  const query = (id: string) => temporalCall(deps.client, () => handleOf(id).query(callTaskQuery), notFound(id));
  const update = (id: string, send: () => Promise<CallTask>) =>
    callRunning(deps.client, id, () => send().catch((error: unknown) => Promise.reject(updateError(error))), { notFound: notFound(id), closed: closed(id) });

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
      const { status, assignee, customerId, sequence, pageSize, nextPageToken } = request.query;
      const visibility = visibilityQuery('callTaskWorkflow', {
        [statusKey.name]: status,
        [assigneeKey.name]: assignee,
        [customerIdKey.name]: customerId,
        [sequenceKey.name]: sequence,
      });
      const page = await listWorkflows(deps.client, visibility, { pageSize, nextPageToken, tokenSecret: deps.links.secret });
      const tasks = await Promise.all(page.workflows.map(async ({ workflowId }) => present(workflowId, await query(workflowId))));
      return {
        callTasks: tasks,
        ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
        temporalUiUrl: ui.search(visibility),
      };
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
    async (request) => present(request.params.id, await query(request.params.id)),
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
    async (request) => {
      const { id } = request.params;
      return present(id, await update(id, () => handleOf(id).executeUpdate(claimCallTask, { args: [{ agentId: request.body.agentId }] })));
    },
  );

  app.post<{ Params: { id: string }; Body: { outcome: CallOutcome; notes?: string; agentId?: string } }>(
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
          },
          required: ['outcome'],
          additionalProperties: false,
        },
        response: { 200: callTaskSchema, ...errorResponses(403, 404, 409, 422, 503) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { outcome, notes, agentId } = request.body;
      const args = { outcome, ...(notes !== undefined ? { notes } : {}), ...(agentId !== undefined ? { agentId } : {}) };
      return present(id, await update(id, () => handleOf(id).executeUpdate(completeCallTask, { args: [args] })));
    },
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
    async (request) => {
      const { id } = request.params;
      const { reason } = request.body;
      return present(id, await update(id, () => handleOf(id).executeUpdate(cancelCallTaskUpdate, { args: [reason !== undefined ? { reason } : {}] })));
    },
  );
};
