import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Channel } from '../src/dsl/definition.js';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import type { ContactState } from './contact.js';
import type { EnrollmentStatus } from './enrollment/state.js';

/** A customer event for the contact workflow (from the API, or from workflows: profile updates, call outcomes). */
export const customerEventSignal = defineSignal<[CustomerEvent]>('customer_event');
/** An enrollment tells its contact that it has ended (for re-entry rules). */
export const enrollmentEndedSignal = defineSignal<[{ sequenceId: string; workflowId: string; status: EnrollmentStatus }]>('enrollment_ended');
export const contactStateQuery = defineQuery<ContactState>('state');
/** An enrollment asks its contact when it may send on a channel (frequency caps across sequences). */
export const sendPermitRequestSignal = defineSignal<[{ requestId: string; enrollmentWorkflowId: string; channel: Channel }]>('send_permit_request');
/** The contact's answer: not before this instant (epoch ms). */
export const sendPermitSignal = defineSignal<[{ requestId: string; notBefore: number }]>('send_permit');
