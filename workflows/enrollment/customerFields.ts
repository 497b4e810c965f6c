import type { Condition, SequenceDefinition, Step } from '../../src/dsl/definition.js';
import type { CustomerEvent, CustomerProfile } from '../../src/events/customerEvent.js';
import { conditionPaths } from '../conditions.js';
import { allSteps } from '../stepTree.js';
import { invalidPhoneField } from './phone.js';

/** Read by every run in the workflow itself: the language it sends in, the time zone its waits and windows use, the best time to reach them. */
const ALWAYS_READ = ['locale', 'timezone', 'best_contact_time'];

const reachesPhone = (step: Step): boolean =>
  (step.kind === 'send' && step.channel !== 'email') ||
  step.kind === 'call_task' ||
  (step.kind === 'escalate' && step.ladder.some((rung) => rung.channel !== 'email'));

/**
 * The customer fields an enrollment of `sequence` reads in the workflow, so the contact starts it with
 * those and no more: the fields its conditions (`goal.where`, `branch … when`, `wait_for … where`) ask
 * about; the phone field and its intake verdict when it texts, calls or opens call tasks; the name when
 * it opens call tasks (the CRM and the Temporal UI show it); the tags when an update step changes them.
 * Everything a message renders, and the email address, the activities read from the customer store.
 */
export function customerFieldsRead(sequence: SequenceDefinition): Set<string> {
  const steps = allSteps(sequence.steps);
  const conditions: (Condition | undefined)[] = [
    sequence.goal?.where,
    ...steps.flatMap((step) => (step.kind === 'branch' ? step.cases.map((option) => option.when) : step.kind === 'wait_for' ? step.events.map((option) => option.where) : [])),
  ];
  const fields = new Set(ALWAYS_READ);
  for (const path of conditions.flatMap((condition) => (condition ? conditionPaths(condition) : []))) {
    const [scope, field] = path.split('.');
    if (scope === 'customer' && field) fields.add(field);
  }
  const phone = sequence.phoneField ?? 'phone';
  if (steps.some(reachesPhone)) [phone, invalidPhoneField(phone)].forEach((field) => fields.add(field));
  if (steps.some((step) => step.kind === 'call_task' || (step.kind === 'escalate' && step.ladder.some((rung) => rung.channel === 'call_task')))) fields.add('name');
  if (steps.some((step) => step.kind === 'update' && step.addTags.length + step.removeTags.length > 0)) fields.add('tags');
  return fields;
}

/** The part of the profile an enrollment of `sequence` starts with. */
export function profileForRun(profile: CustomerProfile, sequence: SequenceDefinition): CustomerProfile {
  const read = customerFieldsRead(sequence);
  return Object.fromEntries(Object.entries(profile).filter(([field]) => read.has(field)));
}

/** The triggering event as a run keeps it: what came with it about the customer is in the store (and conditions and templates cannot name `trigger.customer`). */
export function triggerForRun(event: CustomerEvent): CustomerEvent {
  return Object.fromEntries(Object.entries(event).filter(([field]) => field !== 'customer')) as CustomerEvent;
}
