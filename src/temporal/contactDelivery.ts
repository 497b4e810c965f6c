import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { CustomerEvent } from '../events/customerEvent.js';
import { contactWorkflow, customerEventSignal, newContactState } from '../../workflows/index.js';
import { contactWorkflowId } from '../../workflows/ids.js';
import type { TriggerSnapshot } from '../../workflows/triggerSnapshot.js';

const TEMPORAL_DEADLINE_MS = 5_000;

/**
 * Signals the event (with the trigger snapshot intake took) to the customer's contact workflow, starting it if needed: intake, and the lifecycle
 * clock for the stage changes time alone made (activities/lifecycle/advanceLifecycles.ts).
 */
export async function deliverToContact(deps: { client: Client; taskQueue: string }, event: CustomerEvent, snapshot?: TriggerSnapshot): Promise<{ workflowId: string }> {
  const workflowId = contactWorkflowId(event.customerId);
  const signalWithStart = () =>
    deps.client.workflow.signalWithStart(contactWorkflow, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [newContactState(event.customerId)],
      signal: customerEventSignal,
      signalArgs: snapshot ? [event, snapshot] : [event],
      staticSummary: `Contact ${event.customerId}`,
    });
  // A webhook sender should hear "retry later" quickly rather than wait out gRPC retries.
  await deps.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
    // Two first events of a customer at once: the one that lost the start race signals the winner.
    signalWithStart().catch((error: unknown) => {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return signalWithStart();
      throw error;
    }),
  );
  return { workflowId };
}
