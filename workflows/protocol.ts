import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel, SequenceDefinition } from '../src/dsl/definition.js';
import type { TriggerSnapshot } from './triggerSnapshot.js';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import type { CallOutcome, CallTask } from './callTask.js';
import type { ContactState } from './contact.js';
import type { EnrollmentState, EnrollmentStatus, TimelineEntry } from './enrollment/state.js';

/**
 * Every signal, query and update of every workflow, defined once here, each with a wire name used by
 * nothing else (tests/workflow-protocol.test.ts checks it). The wire name is what a history records,
 * what the Temporal UI shows and what `temporal workflow signal --name …` sends.
 *
 * Renaming a wire name: define the new name here, move the old one to `legacy` below with its
 * handler registered next to the new one (so runs whose history holds the old name replay alike, and
 * a sender still on the old name is heard), switch every sender, and write when the alias may go.
 */

// contact/<customerId>

/**
 * A customer event for the contact workflow (from the API, or from workflows: profile updates, call outcomes, SMS reports).
 * The API adds what it knew when it took the event (the sequences it triggers, the frequency caps): the contact
 * then asks no activity for them. Senders without it (workflows, older APIs) send the event alone.
 */
export const customerEventSignal = defineSignal<[CustomerEvent, TriggerSnapshot?]>('customer_event');
/** An enrollment tells its contact that it has ended (for re-entry rules). */
export const enrollmentEndedSignal = defineSignal<[{ sequenceId: string; workflowId: string; status: EnrollmentStatus }]>('enrollment_ended');
/** An enrollment asks its contact when it may send on a channel (frequency caps across sequences). */
export const sendPermitRequestSignal = defineSignal<[{ requestId: string; enrollmentWorkflowId: string; channel: Channel }]>('send_permit_request');
/** A rollout (workflows/rollout.ts) asks the contact to watch these silence / date sequences for its customer. */
export const watchSequencesSignal = defineSignal<[{ sequences: SequenceDefinition[] }]>('watch_sequences');
export const contactStateQuery = defineQuery<ContactState>('contact_state');

// enrollment/<sequence>/<customer>/<triggerEventId>

/** A customer event forwarded by the contact workflow. */
export const enrollmentEventSignal = defineSignal<[CustomerEvent]>('forwarded_customer_event');
/** The contact's answer to `send_permit_request`: not before this instant (epoch ms). */
export const sendPermitSignal = defineSignal<[{ requestId: string; notBefore: number }]>('send_permit');
/** Ops: end the run now. */
export const cancelSignal = defineSignal<[{ reason?: string }?]>('cancel_enrollment');
/** Ops: end the current wait now and go on. */
export const skipWaitSignal = defineSignal('skip_wait');
/** Ops: run the failed step again (after fixing a template, an address, a provider account …). */
export const retryStepSignal = defineSignal('retry_step');
export const stateQuery = defineQuery<EnrollmentState>('enrollment_state');
/** `held`: sends that waited for their slot (window, best contact time, frequency cap), each with until when. */
export const timelineQuery = defineQuery<{ done: TimelineEntry[]; held?: TimelineEntry[]; next?: { id: string; label: string; at?: string } }>('timeline');

// call-task/<customer>/<sequence>/<triggerEventId>/<step>

/** From the run that asked for the call: the rendered script (tasks started with `scriptFromRun`). */
export const callTaskScript = defineSignal<[{ script: string }]>('script');
/** From the run that asked for the call (the customer left it); a task that already ended ignores it. */
export const withdrawCallTask = defineSignal<[{ reason?: string }?]>('withdraw_call_task');
export const claimCallTask = defineUpdate<CallTask, [{ agentId: string }]>('claim');
/** `callbackAt` (an ISO instant; outcome `callback_requested`) is carried to the run's `call_completed` event data and the ledger. */
export const completeCallTask = defineUpdate<CallTask, [{ outcome: CallOutcome; notes?: string; agentId?: string; callbackAt?: string }]>('complete');
/** From ops or a CRM: the answer is the cancelled task; a task that already ended is refused (CallTaskClosed). */
export const cancelCallTaskUpdate = defineUpdate<CallTask, [{ reason?: string }]>('cancel_call_task');
export const callTaskQuery = defineQuery<CallTask>('task');

/**
 * Wire names before they were made unique (2026-12-02): `customer_event` named the contact's and the
 * enrollment's signal, `cancel` the enrollment's signal and the call task's signal and update, `state`
 * both workflows' query. Each workflow still registers these beside the new names; none of our
 * senders uses them. Fixtures that hold them: the enrollment histories recorded before (`customer_event`),
 * `enrollment-cancelled-by-old-name`, `call-task-cancelled-by-old-update-name` and
 * `call-task-withdrawn-by-old-signal-name`.
 *
 * Remove the signals and the update once no run that may have recorded them is open or within
 * retention (enrollments started before the deploy of 2026-12-02: the longest sequence's span; call
 * tasks close with their enrollment), retiring those fixtures with them; the queries once no script or
 * bookmark of ops asks `state` any more (queries are not recorded, so one release is enough).
 */
export const legacy = {
  contactStateQuery: defineQuery<ContactState>('state'),
  enrollmentEventSignal: defineSignal<[CustomerEvent]>('customer_event'),
  cancelSignal: defineSignal<[{ reason?: string }?]>('cancel'),
  stateQuery: defineQuery<EnrollmentState>('state'),
  withdrawCallTask: defineSignal<[{ reason?: string }?]>('cancel'),
  cancelCallTaskUpdate: defineUpdate<CallTask, [{ reason?: string }]>('cancel'),
} as const;
