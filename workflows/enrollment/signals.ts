import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CustomerEvent } from '../../src/events/customerEvent.js';
import type { EnrollmentState, TimelineEntry } from './state.js';

/** A customer event forwarded by the contact workflow. */
export const enrollmentEventSignal = defineSignal<[CustomerEvent]>('customer_event');
/** Ops: end the run now. */
export const cancelSignal = defineSignal<[{ reason?: string }?]>('cancel');
/** Ops: end the current wait now and go on. */
export const skipWaitSignal = defineSignal('skip_wait');
/** Ops: run the failed step again (after fixing a template, an address, a provider account …). */
export const retryStepSignal = defineSignal('retry_step');

export const stateQuery = defineQuery<EnrollmentState>('state');
export const timelineQuery = defineQuery<{ done: TimelineEntry[]; next?: { id: string; label: string; at?: string } }>('timeline');
