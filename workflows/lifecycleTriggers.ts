import type { CustomerEvent } from '../src/events/customerEvent.js';
import { LIFECYCLE_EVENT } from './lifecycleStages.js';
import type { ConditionScope } from './conditions.js';
import { customerWithFacts, type CustomerFacts } from './facts.js';

/**
 * The contact's hook for customer facts and lifecycle triggers (kept out of contact.ts): the store hands
 * each event it recorded to the contact with the customer's facts after it and the stage change it caused
 * (src/store/lifecycle.ts). The contact keeps the facts for conditions and new enrollments, and applies
 * the change right after the event as an event of its own (`lifecycle_changed`), which starts the
 * sequences triggered by that stage, idempotent by its ID (customer + change).
 */
export function eventsToApply(state: { facts?: CustomerFacts | undefined }, event: CustomerEvent): CustomerEvent[] {
  const { lifecycle, ...applied } = event;
  if (event.facts) state.facts = event.facts;
  return lifecycle ? [applied, { ...lifecycle, ...(event.facts && { facts: event.facts }) }] : [applied];
}

/** What `triggeredSequences` is asked: the event type, or `lifecycle:<stage>` for a stage change. */
export function triggerKey(event: CustomerEvent): string {
  const stage = event.data?.stage;
  return event.type === LIFECYCLE_EVENT && typeof stage === 'string' ? `lifecycle:${stage}` : event.type;
}

/** The key a sequence's trigger answers to (the same shape as `triggerKey`). */
export const sequenceTriggerKey = (trigger: { event: string; lifecycle?: string | undefined }): string =>
  trigger.lifecycle ? `lifecycle:${trigger.lifecycle}` : trigger.event;

/** Conditions see the customer with their facts (`customer.facts.*`), days counted at workflow time. */
export function scopeWithFacts(profile: Record<string, unknown>, facts: CustomerFacts | undefined, event: CustomerEvent, trigger: CustomerEvent): ConditionScope {
  return { customer: customerWithFacts(profile, facts, new Date(Date.now())), event, trigger };
}
