import { patched, workflowInfo } from '@temporalio/workflow';
import type { UpdateStep } from '../../src/dsl/definition.js';
import type { CustomerEvent } from '../../src/events/customerEvent.js';
import { compute } from '../activities.js';
import { customerStore, customerStoreOptions } from '../customerStore.js';
import { patches } from '../patches.js';
import type { EnrollmentRun } from './run.js';

/**
 * The values an `update` step sets, rendered where the run happens (the customer, event and trigger of
 * now) by an activity (liquidjs stays out of workflows); runs from before the patch store them raw.
 */
export async function renderedSet(run: EnrollmentRun, step: UpdateStep): Promise<Record<string, unknown>> {
  const hasText = Object.values(step.set).some((value) => typeof value === 'string');
  if (!hasText || !patched(patches.updateSetRendersLiquid)) return step.set;
  return run.ledger.carry((ledger) => compute.renderSetValues({ set: step.set, context: run.scope, customerId: run.input.customerId, ...ledger }));
}

/**
 * The `profile_updated` event an update step makes, recorded in the customer store first (the system of
 * record contacts reload from), dated with the run's time; runs from before the patch told only the contact.
 */
export async function recordedUpdate(run: EnrollmentRun, step: UpdateStep, patch: Record<string, unknown>): Promise<CustomerEvent> {
  const event: CustomerEvent = { eventId: `${workflowInfo().workflowId}/${step.id}`, type: 'profile_updated', customerId: run.input.customerId, customer: patch };
  if (!patched(patches.updateRecordedInStore)) return event;
  const dated = { ...event, occurredAt: new Date(Date.now()).toISOString() };
  await customerStore.recordProfileUpdate.executeWithOptions({ ...customerStoreOptions, summary: step.label }, [dated]);
  return dated;
}
