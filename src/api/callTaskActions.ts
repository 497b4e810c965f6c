import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { CALL_OUTCOMES, type CallOutcome, type CallTask } from '../../workflows/callTask.js';
import { callTaskQuery, cancelCallTaskUpdate, claimCallTask, completeCallTask } from '../../workflows/protocol.js';
import { assigneeKey, customerIdKey, sequenceKey, statusKey } from '../../workflows/searchAttributes.js';
import type { ApiDeps } from './app.js';
import { ApiError } from './errors.js';
import { callRunning, temporalCall } from './temporalCalls.js';
import { temporalUiLinks } from './temporalUi.js';
import { listWorkflows, visibilityQuery } from './visibility.js';

/** A call task as the API and the console show it: the workflow's state with its ID and links. */
export type PresentedCallTask = CallTask & { id: string; url: string; temporalUiUrl: string };

interface CallTaskFilters {
  status?: string | undefined;
  assignee?: string | undefined;
  customerId?: string | undefined;
  sequence?: string | undefined;
}

/** Maps the call task workflow's update failures (its validators) to API errors. */
function updateError(error: unknown): unknown {
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) return error;
  if (error.cause.type === 'CallTaskClosed') return new ApiError(409, 'call_task_closed', error.cause.message);
  if (error.cause.type === 'InvalidOutcome') return new ApiError(422, 'invalid_outcome', error.cause.message, { outcomes: CALL_OUTCOMES });
  if (error.cause.type === 'InvalidCallbackAt') return new ApiError(422, 'invalid_callback_at', error.cause.message);
  return error;
}

/**
 * What can be done with call tasks — list (Temporal visibility, each task queried for its details), read, claim, complete, cancel —
 * once, for the /v1 routes and the console alike. Errors are ApiErrors (404 call_task_not_found, 409 call_task_closed, 422 invalid_outcome).
 */
export function callTaskActions(deps: Pick<ApiDeps, 'client' | 'settings' | 'links'>) {
  const ui = temporalUiLinks(deps.settings.temporalUiUrl, deps.client.options.namespace);
  const notFound = (id: string) => () => new ApiError(404, 'call_task_not_found', `no call task "${id}"`);
  const closed = (id: string) => () => new ApiError(409, 'call_task_closed', `call task "${id}" has ended`);
  const present = (id: string, task: CallTask): PresentedCallTask => ({ id, ...task, url: `/v1/call-tasks/${encodeURIComponent(id)}`, temporalUiUrl: ui.workflow(id) });
  const handleOf = (id: string) => {
    if (!id.startsWith('call-task/')) throw notFound(id)();
    return deps.client.workflow.getHandle(id);
  };
  const get = async (id: string) => present(id, await temporalCall(deps.client, () => handleOf(id).query(callTaskQuery), notFound(id)));
  const update = async (id: string, send: () => Promise<CallTask>) =>
    present(id, await callRunning(deps.client, id, () => send().catch((error: unknown) => Promise.reject(updateError(error))), { notFound: notFound(id), closed: closed(id) }));

  return {
    get,
    async list(filters: CallTaskFilters, page: { pageSize: number; nextPageToken?: string | undefined }) {
      const visibility = visibilityQuery('callTaskWorkflow', {
        [statusKey.name]: filters.status,
        [assigneeKey.name]: filters.assignee,
        [customerIdKey.name]: filters.customerId,
        [sequenceKey.name]: filters.sequence,
      });
      const listed = await listWorkflows(deps.client, visibility, { ...page, tokenSecret: deps.links.secret });
      return {
        callTasks: await Promise.all(listed.workflows.map(({ workflowId }) => get(workflowId))),
        ...(listed.nextPageToken ? { nextPageToken: listed.nextPageToken } : {}),
        temporalUiUrl: ui.search(visibility),
      };
    },
    claim: (id: string, agentId: string) => update(id, () => handleOf(id).executeUpdate(claimCallTask, { args: [{ agentId }] })),
    complete: (id: string, call: { outcome: CallOutcome; notes?: string | undefined; agentId?: string | undefined; callbackAt?: string | undefined }) => {
      const given = <K extends 'notes' | 'agentId' | 'callbackAt'>(key: K) => (call[key] !== undefined ? { [key]: call[key] } : {});
      const args = { outcome: call.outcome, ...given('notes'), ...given('agentId'), ...given('callbackAt') };
      return update(id, () => handleOf(id).executeUpdate(completeCallTask, { args: [args] }));
    },
    cancel: (id: string, reason: string | undefined) => update(id, () => handleOf(id).executeUpdate(cancelCallTaskUpdate, { args: [reason !== undefined ? { reason } : {}] })),
  };
}
