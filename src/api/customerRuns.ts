import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { cancelCallTaskUpdate, cancelSignal, contactStateQuery } from '../../workflows/index.js';
import { contactWorkflowId } from '../../workflows/ids.js';
import { customerIdKey } from '../../workflows/searchAttributes.js';
import { ApiError } from './errors.js';
import { temporalCall } from './temporalCalls.js';
import { FILTER_VALUE_PATTERN, listWorkflows, visibilityQuery, type ListedWorkflow } from './visibility.js';

/** A customer's enrollments and call tasks as Temporal visibility lists them; `listed: false` where it cannot (the Java test server, an unlistable ID). */
export type CustomerRuns = { listed: true; enrollments: ListedWorkflow[]; callTasks: ListedWorkflow[] } | { listed: false; reason: string };

const PAGE_SIZE = 100;
/** An export lists at most this many pages of each kind: far more runs than one customer has. */
const MAX_PAGES = 20;
const ENDED = 'workflow_ended';
const filterValue = new RegExp(FILTER_VALUE_PATTERN);

/** Every enrollment and call task of the customer (running and finished, within the namespace's retention), or why they cannot be listed. */
export async function listCustomerRuns(client: Client, tokenSecret: string, customerId: string, running = false): Promise<CustomerRuns> {
  if (!filterValue.test(customerId)) return { listed: false, reason: 'this customer ID cannot be put in a visibility query' };
  const all = async (workflowType: string): Promise<ListedWorkflow[]> => {
    const query = visibilityQuery(workflowType, { [customerIdKey.name]: customerId, ExecutionStatus: running ? 'Running' : undefined });
    const found: ListedWorkflow[] = [];
    let nextPageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const listed = await listWorkflows(client, query, { pageSize: PAGE_SIZE, nextPageToken, tokenSecret });
      found.push(...listed.workflows);
      nextPageToken = listed.nextPageToken;
      if (!nextPageToken) break;
    }
    return found;
  };
  try {
    const [enrollments, callTasks] = await Promise.all([all('enrollmentWorkflow'), all('callTaskWorkflow')]);
    return { listed: true, enrollments, callTasks };
  } catch (error) {
    if (error instanceof ApiError) return { listed: false, reason: `Temporal visibility did not answer: ${error.message}` };
    throw error;
  }
}

/** What erasure did in Temporal: the runs told to stop, and whether the contact was there to terminate. */
export interface CancelledRuns {
  enrollmentsCancelled: string[];
  callTasksCancelled: string[];
  contactTerminated: boolean;
  /** False when visibility could not list runs: only the enrollments the contact knew of were found. */
  visibilityListed: boolean;
}

/**
 * Stops everything running for the customer: the enrollments their contact knows of and visibility lists
 * (cancel signal: the run ends as `cancelled`, cancelling its open call tasks), open call tasks (the ops
 * cancel update), then the contact itself (terminated: no new event can reach it, the store refuses them).
 * A run that ended meanwhile is skipped; Temporal unreachable is a 503 and the erasure can be repeated.
 */
export async function cancelCustomerRuns(client: Client, tokenSecret: string, customerId: string, reason: string): Promise<CancelledRuns> {
  const contactId = contactWorkflowId(customerId);
  const ended = () => new ApiError(404, ENDED, 'the workflow has ended');
  const unlessEnded = (call: () => Promise<unknown>): Promise<boolean> =>
    temporalCall(client, call, ended).then(
      () => true,
      (error: unknown) => (error instanceof ApiError && error.code === ENDED ? false : Promise.reject(error)),
    );

  let known: string[] = [];
  await unlessEnded(async () => {
    known = Object.values((await client.workflow.getHandle(contactId).query(contactStateQuery)).active).flat();
  });
  const listed = await listCustomerRuns(client, tokenSecret, customerId, true);
  const enrollments = [...new Set([...known, ...(listed.listed ? listed.enrollments.map((run) => run.workflowId) : [])])];
  const callTasks = listed.listed ? listed.callTasks.map((run) => run.workflowId) : [];

  const enrollmentsCancelled = await signalled(enrollments, (id) => unlessEnded(() => client.workflow.getHandle(id).signal(cancelSignal, { reason })));
  // A task that closed meanwhile refuses the update (CallTaskClosed): nothing to cancel.
  const cancelTask = (id: string) => client.workflow.getHandle(id).executeUpdate(cancelCallTaskUpdate, { args: [{ reason }] });
  const callTasksCancelled = await signalled(callTasks, (id) =>
    unlessEnded(() => cancelTask(id).catch((error: unknown) => Promise.reject(error instanceof WorkflowUpdateFailedError ? ended() : error))),
  );
  const contactTerminated = await unlessEnded(() => client.workflow.getHandle(contactId).terminate(reason));
  return { enrollmentsCancelled, callTasksCancelled, contactTerminated, visibilityListed: listed.listed };
}

async function signalled(ids: string[], signal: (id: string) => Promise<boolean>): Promise<string[]> {
  const results = await Promise.all(ids.map(async (id) => ((await signal(id)) ? [id] : [])));
  return results.flat();
}
