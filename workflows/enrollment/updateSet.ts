import { patched, workflowInfo } from '@temporalio/workflow';
import type { UpdateStep } from '../../src/dsl/definition.js';
import type { CustomerEvent } from '../../src/events/customerEvent.js';
import { compute } from '../activities.js';
import { customerStore, customerStoreOptions } from '../customerStore.js';
import type { EnrollmentRun } from './run.js';

/**
 * `update.set` text is Liquid (README, validator, preview); runs from before this patch stored it
 * raw. With the marker the run asks an activity to render it (liquidjs stays out of workflows): one
 * more command, so a run replayed without the marker keeps storing the raw text. Retire with
 * deprecatePatch once no enrollment started before it can still be open.
 */
export const RENDER_UPDATE_SET = 'update-set-renders-liquid';

/** The values an `update` step sets, rendered where the run happens (the customer, event and trigger of now). */
export async function renderedSet(run: EnrollmentRun, step: UpdateStep): Promise<Record<string, unknown>> {
  const hasText = Object.values(step.set).some((value) => typeof value === 'string');
  if (!hasText || !patched(RENDER_UPDATE_SET)) return step.set;
  return compute.renderSetValues({ set: step.set, context: run.scope, customerId: run.input.customerId });
}

/**
 * An `update` step's change reached only the contact workflow, so the customer store (the system of
 * record contacts reload from) never had it. With the marker the run records it in the store first,
 * dated with the run's time, then tells the contact the same event. Retire with deprecatePatch once no
 * enrollment started before it can still reach an update step.
 */
export const UPDATE_RECORDED_IN_STORE = 'update-recorded-in-store';

/** The `profile_updated` event an update step makes, recorded in the customer store (with the marker). */
export async function recordedUpdate(run: EnrollmentRun, step: UpdateStep, patch: Record<string, unknown>): Promise<CustomerEvent> {
  const event: CustomerEvent = { eventId: `${workflowInfo().workflowId}/${step.id}`, type: 'profile_updated', customerId: run.input.customerId, customer: patch };
  if (!patched(UPDATE_RECORDED_IN_STORE)) return event;
  const dated = { ...event, occurredAt: new Date(Date.now()).toISOString() };
  await customerStore.recordProfileUpdate.executeWithOptions({ ...customerStoreOptions, summary: step.label }, [dated]);
  return dated;
}
