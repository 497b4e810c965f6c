import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * Whether a workflow has nothing in flight, read from its history: no workflow task, activity, child
 * start or outgoing signal that has begun and not yet finished. A workflow that ended is idle.
 * Only when all of a customer's runs are idle may the time-skipping server jump ahead: then every
 * step already happened at the instant it was due.
 */
export async function isIdle(client: Client, workflowId: string): Promise<boolean> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return outstanding(history.events ?? []) === 0;
}

function outstanding(events: HistoryEvent[]): number {
  const open = new Set<string>();
  const id = (value: unknown): string => String(value ?? '');
  let workflowTasks = 0;
  for (const event of events) {
    if (event.workflowExecutionCompletedEventAttributes || event.workflowExecutionFailedEventAttributes || event.workflowExecutionContinuedAsNewEventAttributes) return 0;
    if (event.workflowExecutionTerminatedEventAttributes || event.workflowExecutionCanceledEventAttributes || event.workflowExecutionTimedOutEventAttributes) return 0;
    if (event.workflowTaskScheduledEventAttributes) workflowTasks += 1;
    if (event.workflowTaskCompletedEventAttributes || event.workflowTaskFailedEventAttributes || event.workflowTaskTimedOutEventAttributes) workflowTasks -= 1;
    if (event.activityTaskScheduledEventAttributes || event.startChildWorkflowExecutionInitiatedEventAttributes || event.signalExternalWorkflowExecutionInitiatedEventAttributes) {
      open.add(id(event.eventId));
    }
    const finished =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCanceledEventAttributes;
    if (finished) open.delete(id(finished.scheduledEventId));
    const started = event.childWorkflowExecutionStartedEventAttributes ?? event.startChildWorkflowExecutionFailedEventAttributes;
    if (started) open.delete(id(started.initiatedEventId));
    const signalled = event.externalWorkflowExecutionSignaledEventAttributes ?? event.signalExternalWorkflowExecutionFailedEventAttributes;
    if (signalled) open.delete(id(signalled.initiatedEventId));
  }
  return open.size + Math.max(workflowTasks, 0);
}
