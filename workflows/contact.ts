import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  allHandlersFinished,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CustomerEvent, CustomerProfile } from '../src/events/customerEvent.js';
import type { PeygirActivities } from '../activities/index.js';
import { enrollmentWorkflow } from './enrollment.js';
import { enrollmentWorkflowId } from './ids.js';
import { customerIdKey } from './searchAttributes.js';

export const customerEventSignal = defineSignal<[CustomerEvent]>('customer_event');
export const contactStateQuery = defineQuery<ContactState>('state');

export interface ContactState {
  customerId: string;
  profile: CustomerProfile;
  /** Most recent event IDs, so a redelivered event changes nothing. */
  seenEventIds: string[];
  /** Events received but not yet applied (carried over continue-as-new). */
  pending: CustomerEvent[];
  /** Redelivered events that were recognised and ignored. */
  duplicateEvents: number;
  /** Most recent enrollment workflow IDs this contact started. */
  enrollments: string[];
}

/** The state a new contact starts with. */
export const newContactState = (customerId: string): ContactState => ({
  customerId,
  profile: {},
  seenEventIds: [],
  pending: [],
  duplicateEvents: 0,
  enrollments: [],
});

const SEEN_EVENT_IDS_KEPT = 1_000;
const ENROLLMENTS_KEPT = 100;

const { triggeredSequences } = proxyActivities<PeygirActivities>({
  startToCloseTimeout: '10 seconds',
});

/**
 * One per customer (`contact/<customerId>`): the single entry point for that customer's events.
 * De-duplicates by eventId, keeps the profile, and starts the enrollments whose trigger matches.
 */
export async function contactWorkflow(state: ContactState): Promise<void> {
  upsertSearchAttributes([{ key: customerIdKey, value: state.customerId }]);
  setHandler(customerEventSignal, (event) => {
    state.pending.push(event);
  });
  setHandler(contactStateQuery, () => state);

  while (!workflowInfo().continueAsNewSuggested) {
    await condition(() => state.pending.length > 0 || workflowInfo().continueAsNewSuggested);
    const event = state.pending.shift();
    if (event) await applyEvent(state, event);
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof contactWorkflow>(state);
}

async function applyEvent(state: ContactState, event: CustomerEvent): Promise<void> {
  if (state.seenEventIds.includes(event.eventId)) {
    state.duplicateEvents += 1;
    return;
  }
  keepLast(state.seenEventIds, event.eventId, SEEN_EVENT_IDS_KEPT);
  state.profile = { ...state.profile, ...event.customer };

  for (const sequence of await triggeredSequences(event.type)) {
    const workflowId = enrollmentWorkflowId(sequence.id, state.customerId, event.eventId);
    try {
      await startChild(enrollmentWorkflow, {
        workflowId,
        args: [{ sequence, customerId: state.customerId, customer: state.profile, trigger: event }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        staticSummary: `${sequence.name} for ${state.customerId}`,
      });
      keepLast(state.enrollments, workflowId, ENROLLMENTS_KEPT);
    } catch (error) {
      // An event older than the seen-ID window, redelivered: its enrollment exists already.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      state.duplicateEvents += 1;
    }
  }
}

function keepLast<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.shift();
}
