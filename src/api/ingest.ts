import type { Client } from '@temporalio/client';
import { sequencesForEvent, type EventSequences } from '../dsl/registry.js';
import type { FrequencyCaps } from '../dsl/frequencyCaps.js';
import type { CustomerEvent } from '../events/customerEvent.js';
import { CustomerErasedError } from '../store/erasure.js';
import { rootMessage, type Store } from '../store/store.js';
import { customerEventSignal } from '../../workflows/index.js';
import { signalContact } from '../temporal/contactSignal.js';
import type { TriggerSnapshot } from '../../workflows/triggerSnapshot.js';
import { ApiError, storeUnavailable, temporalUnavailable } from './errors.js';

const TEMPORAL_DEADLINE_MS = 5_000;

/**
 * Records a customer event in the store (the event once, the profile merge and consent, all or nothing),
 * then delivers it durably to the customer's contact workflow (starting it if needed). Resolves only once
 * both have it; otherwise throws a 503 ApiError ("retry later", with Retry-After): `store_unavailable`
 * before Temporal heard anything, `temporal_unavailable` after the store kept it (the sender's retry with
 * the same eventId finds it recorded and delivers it to Temporal; the contact ignores repeats). An event for an
 * erased customer ID is refused with `409 customer_erased`: nothing is recorded, no workflow hears of it.
 * Every route that turns something into an event (webhooks, unsubscribe, tracking) goes through here.
 *
 * With the registry and the caps (`sequences`, `frequencyCaps`), the signal carries the sequences the
 * event triggers and the caps as they are now (workflows/triggerSnapshot.ts): the contact starts the
 * enrollments without asking an activity first.
 */
export async function ingestEvent(
  deps: { client: Client; taskQueue: string; store: Store; sequences?: EventSequences; frequencyCaps?: FrequencyCaps | undefined },
  event: CustomerEvent,
  log: { error(obj: object, msg: string): void },
): Promise<{ workflowId: string }> {
  await deps.store.recordEvent(event).catch((error: unknown) => {
    if (error instanceof CustomerErasedError) throw new ApiError(409, 'customer_erased', error.message);
    // The driver's words only: a failed query's text would carry the profile's values into the log.
    log.error({ reason: rootMessage(error), eventId: event.eventId }, 'the customer store did not record the event');
    throw storeUnavailable('the event was not stored; retry later with the same eventId');
  });
  const snapshot: TriggerSnapshot | undefined =
    deps.sequences && deps.frequencyCaps ? { sequences: sequencesForEvent(deps.sequences, event.type), frequencyCaps: deps.frequencyCaps } : undefined;
  try {
    // A webhook sender should hear "retry later" quickly rather than wait out gRPC retries.
    return await deps.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      signalContact(deps, event.customerId, customerEventSignal, snapshot ? [event, snapshot] : [event]),
    );
  } catch (error) {
    log.error({ err: error }, 'Temporal did not accept the event');
    throw temporalUnavailable('the event was not stored; retry later with the same eventId');
  }
}
