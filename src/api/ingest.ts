import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { CustomerEvent } from '../events/customerEvent.js';
import { contactWorkflow, customerEventSignal, newContactState } from '../../workflows/index.js';
import { contactWorkflowId } from '../../workflows/ids.js';
import { temporalUnavailable } from './errors.js';

const TEMPORAL_DEADLINE_MS = 5_000;

/**
 * Delivers a customer event durably to the customer's contact workflow (starting it if needed).
 * Resolves only once Temporal has accepted it; otherwise throws a 503 ApiError ("retry later", with Retry-After).
 * Every route that turns something into an event (webhooks, unsubscribe, tracking) goes through here.
 */
export async function ingestEvent(
  deps: { client: Client; taskQueue: string },
  event: CustomerEvent,
  log: { error(obj: object, msg: string): void },
): Promise<{ workflowId: string }> {
  const workflowId = contactWorkflowId(event.customerId);
  const signalWithStart = () =>
    deps.client.workflow.signalWithStart(contactWorkflow, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [newContactState(event.customerId)],
      signal: customerEventSignal,
      signalArgs: [event],
      staticSummary: `Contact ${event.customerId}`,
    });
  try {
    // A webhook sender should hear "retry later" quickly rather than wait out gRPC retries.
    await deps.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      // Two first events of a customer at once: the one that lost the start race signals the winner.
      signalWithStart().catch((error: unknown) => {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return signalWithStart();
        throw error;
      }),
    );
  } catch (error) {
    log.error({ err: error }, 'Temporal did not accept the event');
    throw temporalUnavailable('the event was not stored; retry later with the same eventId');
  }
  return { workflowId };
}
