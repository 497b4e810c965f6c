import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SequenceDefinition } from '../src/dsl/definition.js';
import type { CustomerEvent, CustomerProfile } from '../src/events/customerEvent.js';
import { evaluate } from './conditions.js';
import { applyConsent } from './consent.js';
import { mergeProfile } from './profile.js';
import { takeCustomerFromStore } from './customerStore.js';
import type { PlannedSend } from './frequency.js';
import { enrollmentSearchAttributes, enrollmentWorkflow } from './enrollment/enrollment.js';
import type { Consent } from './enrollment/state.js';
import { signalWorkflow } from './externalSignals.js';
import { contactWorkflowId, enrollmentWorkflowId, idTooLong, legacyEnrollmentWorkflowId } from './ids.js';
import { enrollmentMetrics, type NotStartedReason } from './metricsSink.js';
import { patches } from './patches.js';
import { contactStateQuery, customerEventSignal, enrollmentEndedSignal, enrollmentEventSignal, legacy, sendPermitRequestSignal, sendPermitSignal, watchSequencesSignal } from './protocol.js';
import { customerIdKey } from './searchAttributes.js';
import { SendPermits } from './sendPermits.js';
import { isSelfTriggered } from './watches/triggers.js';
import { requestWatches, runWatches, waitForEventOrWatch, watchSequences, type Watches } from './watches/watch.js';
import { triggeredSequences, TriggerSnapshots, type TriggerSnapshot } from './triggerSnapshot.js';

export interface ContactState {
  customerId: string;
  profile: CustomerProfile;
  /** When each profile field was last set (the event's occurredAt, epoch ms): an older event does not overwrite it. */
  profileAsOf: Record<string, number>;
  consent: Consent;
  /** The profile and consent above came from (and went into) the customer store: a contact from before it has none. */
  customerInStore?: boolean;
  /** Most recent event IDs, so a redelivered event changes nothing. */
  seenEventIds: string[];
  /** Events received but not yet applied (carried over continue-as-new). */
  pending: CustomerEvent[];
  /** Redelivered events that were recognised and ignored. */
  duplicateEvents: number;
  /** Running enrollments by sequence id (workflow IDs). */
  active: Record<string, string[]>;
  /** How many enrollments each sequence has had (for `reentry: never`). */
  enrolled: Record<string, number>;
  /** Most recent enrollment workflow IDs this contact started. */
  enrollments: string[];
  /** Most recent enrollments that should have started and could not (also logged as errors and counted). */
  notStarted: NotStartedEnrollment[];
  /** Sends allowed or reserved across all sequences, for frequency caps (the last month). */
  sends: PlannedSend[];
  /** Answers already given, by request ID (an enrollment that asks again gets the same answer). */
  permits: Record<string, number>;
  /** Events applied in this run; the workflow continues as new after `maxEventsPerRun`. */
  eventsThisRun: number;
  maxEventsPerRun: number;
  /** Timers for the silence and date triggers of the loaded sequences (workflows/watches/). */
  watches?: Watches;
}

/** The state a new contact starts with. */
export const newContactState = (customerId: string, maxEventsPerRun = 2_000): ContactState => ({
  customerId,
  profile: {},
  profileAsOf: {},
  consent: { unsubscribed: false, suppressed: [] },
  seenEventIds: [],
  pending: [],
  duplicateEvents: 0,
  active: {},
  enrolled: {},
  enrollments: [],
  notStarted: [],
  sends: [],
  permits: {},
  eventsThisRun: 0,
  maxEventsPerRun,
});

/** An enrollment the contact could not start, kept so ops can see it on the customer. */
export interface NotStartedEnrollment {
  workflowId: string;
  sequenceId: string;
  eventId: string;
  reason: NotStartedReason;
  /** ISO instant (workflow time). */
  at: string;
}

const SEEN_EVENT_IDS_KEPT = 1_000;
const ENROLLMENTS_KEPT = 100;
const NOT_STARTED_KEPT = 20;

/**
 * One per customer (`contact/<customerId>`): the single entry point for that customer's events.
 * Applies them in arrival order, once each (by eventId): updates the profile and consent, forwards
 * the event to the customer's running enrollments (which exit, convert or branch on it), and starts
 * the enrollments whose trigger matches, honouring each sequence's re-entry rule.
 */
export async function contactWorkflow(state: ContactState): Promise<void> {
  state.profileAsOf ??= {}; // contacts started before profile ordering existed
  state.notStarted ??= []; // … and before unstartable enrollments were recorded
  upsertSearchAttributes([{ key: customerIdKey, value: state.customerId }]);
  const snapshots = new TriggerSnapshots();
  setHandler(customerEventSignal, (event, snapshot) => {
    state.pending.push(event);
    snapshots.keep(event, snapshot);
  });
  setHandler(enrollmentEndedSignal, ({ sequenceId, workflowId }) => {
    state.active[sequenceId] = (state.active[sequenceId] ?? []).filter((id) => id !== workflowId);
    if (state.active[sequenceId]?.length === 0) delete state.active[sequenceId];
  });
  setHandler(watchSequencesSignal, ({ sequences }) => requestWatches(state, sequences));
  setHandler(contactStateQuery, () => state);
  setHandler(legacy.contactStateQuery, () => state);
  const permits = new SendPermits(state);
  setHandler(sendPermitRequestSignal, async ({ requestId, enrollmentWorkflowId, channel }) => {
    const notBefore = await permits.grant(requestId, channel);
    // The enrollment may have ended meanwhile (exit, cancel): its send will not happen, so it does not count.
    if (!(await signalWorkflow(enrollmentWorkflowId, sendPermitSignal, { requestId, notBefore }))) permits.release(requestId, channel);
  });

  const mustRollOver = (): boolean => workflowInfo().continueAsNewSuggested || state.eventsThisRun >= state.maxEventsPerRun;
  while (!mustRollOver()) {
    await waitForEventOrWatch(state, () => state.pending.length > 0 || mustRollOver());
    if (state.pending.length > 0) await takeCustomerFromStore(state);
    const event = state.pending.shift();
    if (event) await applyEvent(state, event, permits, snapshots.take(event));
    else await runWatches(state, (sequence, trigger) => startSequence(state, sequence, trigger, permits));
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof contactWorkflow>({ ...state, eventsThisRun: 0 });
}

async function applyEvent(state: ContactState, event: CustomerEvent, permits: SendPermits, snapshot: TriggerSnapshot | undefined): Promise<void> {
  if (state.seenEventIds.includes(event.eventId)) {
    state.duplicateEvents += 1;
    return;
  }
  keepLast(state.seenEventIds, event.eventId, SEEN_EVENT_IDS_KEPT);
  state.eventsThisRun += 1;
  mergeEventProfile(state, event);
  applyConsent(state.consent, event);

  await forwardToRunningEnrollments(state, event);
  if (state.consent.unsubscribed) return;
  // A manual enrollment (POST /v1/sequences/:id/enroll) names its one sequence.
  const only = event.data?.manual === true ? event.data.sequenceId : undefined;
  const sequences = await triggeredSequences(event, snapshot, permits);
  for (const sequence of sequences) {
    if (only === undefined ? isSelfTriggered(sequence) : sequence.id !== only) continue;
    await startSequence(state, sequence, event, permits);
  }
  // After the starts, so arming a silence or date timer never delays a first send.
  await watchSequences(state, sequences, event);
}

/** Starts the sequence for this trigger event when its `where`, the re-entry rule and consent allow. */
async function startSequence(state: ContactState, sequence: SequenceDefinition, event: CustomerEvent, permits: SendPermits): Promise<void> {
  if (state.consent.unsubscribed) return;
  if (sequence.trigger.where && !evaluate(sequence.trigger.where, { customer: state.profile, event, trigger: event })) return;
  if (!reentryAllows(state, sequence)) return;
  await enroll(state, sequence, event, permits);
}

/** Each profile field keeps the value of the event that happened last (arrival time when `occurredAt` is absent). */
function mergeEventProfile(state: ContactState, event: CustomerEvent): void {
  const happenedAt = event.occurredAt ? Date.parse(event.occurredAt) : Date.now();
  Object.assign(state, mergeProfile(state, event.customer ?? {}, happenedAt));
}

async function forwardToRunningEnrollments(state: ContactState, event: CustomerEvent): Promise<void> {
  for (const [sequenceId, workflowIds] of Object.entries(state.active)) {
    for (const workflowId of workflowIds) {
      try {
        await getExternalWorkflowHandle(workflowId).signal(enrollmentEventSignal, event);
      } catch (error) {
        // It ended without telling us (e.g. terminated by ops): it is no longer active.
        log.warn('enrollment did not take the event', { workflowId, error: String(error) });
        state.active[sequenceId] = workflowIds.filter((id) => id !== workflowId);
      }
    }
  }
}

function reentryAllows(state: ContactState, sequence: SequenceDefinition): boolean {
  switch (sequence.reentry) {
    case 'never':
      return !state.enrolled[sequence.id];
    case 'after_exit':
      return !state.active[sequence.id]?.length;
    case 'always':
      return true;
  }
}

async function enroll(state: ContactState, sequence: SequenceDefinition, event: CustomerEvent, permits: SendPermits): Promise<void> {
  const escaped = patched(patches.workflowIdsEscapeParts);
  const workflowId = (escaped ? enrollmentWorkflowId : legacyEnrollmentWorkflowId)(sequence.id, state.customerId, event.eventId);
  const notStarted = (reason: NotStartedReason): void => reportNotStarted(state, { workflowId, sequenceId: sequence.id, eventId: event.eventId, reason });
  if (escaped && idTooLong(workflowId)) return notStarted('id_too_long');
  const granted = await permits.grantFirstSend(sequence, workflowId, state.consent);
  try {
    await startChild(enrollmentWorkflow, {
      workflowId,
      args: [
        {
          sequence,
          customerId: state.customerId,
          customer: state.profile,
          consent: { unsubscribed: state.consent.unsubscribed, suppressed: [...state.consent.suppressed] },
          trigger: event,
          contactWorkflowId: contactWorkflowId(state.customerId),
          permits: granted,
        },
      ],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: enrollmentSearchAttributes({ customerId: state.customerId, sequence }),
      staticSummary: `${sequence.name} — ${state.profile.name ?? state.customerId}`,
      staticDetails: `Sequence \`${sequence.id}\` version \`${sequence.version}\` (${sequence.source}), triggered by ${event.type} \`${event.eventId}\`.`,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    // One of ours (an event older than the seen-ID window, redelivered) is a duplicate; any other run
    // holding the ID (started by hand, or a legacy ID another customer's run shared) keeps this one out.
    if (!escaped || state.enrollments.includes(workflowId)) {
      state.duplicateEvents += 1;
    } else {
      permits.releaseFirstSend(sequence, workflowId);
      notStarted('id_taken');
    }
    return;
  }
  state.active[sequence.id] = [...(state.active[sequence.id] ?? []), workflowId];
  state.enrolled[sequence.id] = (state.enrolled[sequence.id] ?? 0) + 1;
  keepLast(state.enrollments, workflowId, ENROLLMENTS_KEPT);
}

/** Never silent: on the contact's state, in the worker's log as an error, and in peygir_enrollments_not_started_total. */
function reportNotStarted(state: ContactState, entry: Omit<NotStartedEnrollment, 'at'>): void {
  keepLast(state.notStarted, { ...entry, at: new Date(Date.now()).toISOString() }, NOT_STARTED_KEPT);
  log.error('enrollment not started', { ...entry });
  enrollmentMetrics.notStarted(entry.sequenceId, entry.reason);
}

function keepLast<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.shift();
}
