import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { contactWorkflow, newContactState } from '../../workflows/index.js';
import { contactWorkflowId } from '../../workflows/ids.js';

/**
 * Signals the customer's contact workflow, starting it when there is none (`signalWithStart`). Two first
 * signals for one customer at once: the one that lost the start race signals the winner.
 */
export async function signalContact<Args extends unknown[]>(
  temporal: { client: Client; taskQueue: string },
  customerId: string,
  signal: SignalDefinition<Args>,
  args: Args,
): Promise<{ workflowId: string }> {
  const workflowId = contactWorkflowId(customerId);
  const signalWithStart = () =>
    temporal.client.workflow.signalWithStart<typeof contactWorkflow, unknown[]>(contactWorkflow, {
      workflowId,
      taskQueue: temporal.taskQueue,
      args: [newContactState(customerId)],
      signal: signal as SignalDefinition<unknown[]>,
      signalArgs: args,
      staticSummary: `Contact ${customerId}`,
    });
  await signalWithStart().catch((error: unknown) => {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return signalWithStart();
    throw error;
  });
  return { workflowId };
}
