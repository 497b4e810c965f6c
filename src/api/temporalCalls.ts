import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApiError, temporalUnavailable } from './errors.js';

const DEADLINE_MS = 5_000;

/**
 * Runs a call to Temporal with a short deadline, so ops hear "retry later" (503) instead of hanging;
 * a workflow that does not exist becomes `notFound`.
 */
export async function temporalCall<T>(client: Client, call: () => Promise<T>, notFound: () => ApiError): Promise<T> {
  try {
    return await client.withDeadline(Date.now() + DEADLINE_MS, call);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (error instanceof WorkflowNotFoundError) throw notFound();
    throw temporalUnavailable(`Temporal did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Signals or updates a workflow that must still be running. Temporal answers "not found" both for an
 * unknown workflow and for one that has ended; a describe tells them apart (404 `notFound` / 409 `closed`).
 */
export async function callRunning<T>(
  client: Client,
  workflowId: string,
  call: () => Promise<T>,
  errors: { notFound: () => ApiError; closed: () => ApiError },
): Promise<T> {
  try {
    return await temporalCall(client, call, errors.closed);
  } catch (error) {
    if (!(error instanceof ApiError) || error.statusCode !== 409) throw error;
    await temporalCall(client, () => client.workflow.getHandle(workflowId).describe(), errors.notFound);
    throw error;
  }
}
