import {
  CancellationScope,
  TemporalFailure,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import type { CustomerEvent } from '../../src/events/customerEvent.js';
import { compute } from '../activities.js';
import { evaluate } from '../conditions.js';
import { applyConsent, consentRefusal } from '../consent.js';
import { enrollmentMetrics, type EnrollmentEnding } from '../metricsSink.js';
import { cancelSignal, enrollmentEndedSignal, enrollmentEventSignal, legacy, retryStepSignal, sendPermitSignal, skipWaitSignal, stateQuery, timelineQuery } from '../protocol.js';
import { customerIdKey, sequenceKey, sequenceVersionKey, statusKey } from '../searchAttributes.js';
import { cancelOpenCallTasks, endingCancelsCalls } from './callTasks.js';
import { EnrollmentRun } from './run.js';
import type { EnrollmentInput, EnrollmentStatus } from './state.js';
import { HoldoutFinished } from './split.js';
import { ExitRequested, runSteps } from './steps.js';

export type { EnrollmentInput } from './state.js';

/** What ops search runs by, as a run starts. */
export const enrollmentSearchAttributes = (input: Pick<EnrollmentInput, 'customerId' | 'sequence'>): SearchAttributePair[] => [
  { key: customerIdKey, value: input.customerId },
  { key: sequenceKey, value: input.sequence.id },
  { key: sequenceVersionKey, value: input.sequence.version },
  { key: statusKey, value: 'running' },
];

/**
 * One customer's run through one sequence (`enrollment/<sequence>/<customer>/<triggerEventId>`):
 * interprets the pinned definition step by step. An event in `exit_on` or the goal ends it at once,
 * whatever it is waiting for; ops can skip a wait, retry a failed step or cancel.
 */
export async function enrollmentWorkflow(input: EnrollmentInput): Promise<EnrollmentStatus> {
  const { sequence } = input;
  const run = new EnrollmentRun(input);
  enrollmentMetrics.started(sequence.id);
  // The contact starts runs with these (one visibility update less each); runs started before did not.
  if (workflowInfo().typedSearchAttributes.get(sequenceKey) === undefined) upsertSearchAttributes(enrollmentSearchAttributes(input));

  const steps = new CancellationScope();
  let ending: EnrollmentEnding = 'completed';
  const end = (how: EnrollmentEnding, reason: string): void => {
    if (run.state.exitReason) return;
    ending = how;
    run.state.exitReason = reason;
    run.setStatus(how === 'converted' ? 'converted' : 'exited');
    steps.cancel();
  };

  const receive = (event: CustomerEvent): void => {
    if (!run.receive(event)) return;
    applyConsent(run.input.consent, event);
    const noCalls = consentRefusal(run.input.consent, 'call');
    if (noCalls) void cancelOpenCallTasks(run, noCalls);
    const goal = sequence.goal;
    if (goal && event.type === goal.event && (!goal.where || evaluate(goal.where, { ...run.scope, event }))) {
      end('converted', `goal reached: ${goal.label}`);
    } else if (sequence.exitOn.includes(event.type)) {
      end(event.type === 'unsubscribed' ? 'unsubscribed' : 'exit_on', `exit on ${event.type}`);
    }
  };
  setHandler(enrollmentEventSignal, receive);
  setHandler(legacy.enrollmentEventSignal, receive);
  const cancel = (request?: { reason?: string }): void => end('cancelled', `cancelled by ops${request?.reason ? `: ${request.reason}` : ''}`);
  setHandler(cancelSignal, cancel);
  setHandler(legacy.cancelSignal, cancel);
  setHandler(skipWaitSignal, () => void (run.skipRequested = true));
  setHandler(retryStepSignal, () => void (run.retryRequested = true));
  setHandler(sendPermitSignal, ({ requestId, notBefore }) => void run.permits.set(requestId, notBefore));
  setHandler(stateQuery, () => run.state);
  setHandler(legacy.stateQuery, () => run.state);
  setHandler(timelineQuery, () => ({ done: run.timeline, held: run.holds, ...(run.nextStep ? { next: run.nextStep } : {}) }));

  const countEnding = (how: EnrollmentEnding): void => {
    enrollmentMetrics.ended(sequence.id, how);
    for (const [stepId, variant] of Object.entries(run.state.variants ?? {})) enrollmentMetrics.variantEnded(sequence.id, stepId, variant, how);
  };

  try {
    await steps.run(() => runSteps(run, sequence.steps));
    run.setStatus('completed');
  } catch (error) {
    if (error instanceof ExitRequested) end('exit_step', error.reason);
    else if (error instanceof HoldoutFinished) run.setStatus('completed');
    else if (!isCancellation(error) || !run.state.exitReason) {
      // A TemporalFailure ends the run (failed, or cancelled by Temporal); any other error fails only this workflow task.
      if (error instanceof TemporalFailure) countEnding(isCancellation(error) ? 'cancelled' : 'failed');
      throw error;
    }
  }
  if (endingCancelsCalls(ending)) await cancelOpenCallTasks(run, run.state.exitReason ?? ending);
  run.state.endedAt = new Date(Date.now()).toISOString();
  countEnding(ending);
  delete run.nextStep;
  log.info('enrollment ended', { status: run.state.status, reason: run.state.exitReason });
  run.noteFact('enrollment.ended', { status: run.state.status, ending, ...(run.state.exitReason ? { reason: run.state.exitReason } : {}) });
  await Promise.all([
    // Scheduled in the same workflow task as the signal: the ledger costs the run no extra task to send.
    run.ledger.flush((ledger) => compute.recordLedger(ledger)),
    getExternalWorkflowHandle(input.contactWorkflowId)
      .signal(enrollmentEndedSignal, { sequenceId: sequence.id, workflowId: workflowInfo().workflowId, status: run.state.status })
      .catch((error: unknown) => log.warn('could not tell the contact workflow', { error: String(error) })),
  ]);
  return run.state.status;
}
