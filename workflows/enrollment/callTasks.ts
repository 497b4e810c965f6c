import { getExternalWorkflowHandle, log, patched } from '@temporalio/workflow';
import { withdrawCallTask } from '../protocol.js';
import type { EnrollmentEnding } from '../metricsSink.js';
import { patches } from '../patches.js';
import type { EnrollmentRun } from './run.js';

/** Endings after which nobody should still call the customer for this run: they left, or ops stopped it. */
const ENDINGS_THAT_CANCEL_CALLS: readonly EnrollmentEnding[] = ['converted', 'unsubscribed', 'exit_on', 'cancelled'];

export const endingCancelsCalls = (ending: EnrollmentEnding): boolean => ENDINGS_THAT_CANCEL_CALLS.includes(ending);

/**
 * Cancels the call tasks this run created that are still open, so no agent calls a customer who
 * unsubscribed, converted or left the sequence. A task that already ended ignores it.
 */
export async function cancelOpenCallTasks(run: EnrollmentRun, reason: string): Promise<void> {
  if (run.callTasks.length === 0 || !patched(patches.callTasksFollowConsent)) return;
  const taskIds = run.callTasks.splice(0);
  await Promise.all(
    taskIds.map((taskId) =>
      getExternalWorkflowHandle(taskId)
        .signal(withdrawCallTask, { reason })
        .catch((error: unknown) => log.info('call task already ended', { taskId, error: String(error) })),
    ),
  );
}
