import type { CustomerEvent } from '../../src/events/customerEvent.js';
import { rootMessage, type Store } from '../../src/store/store.js';
import { retryLater } from '../channels/failures.js';

/**
 * Records in the customer store a profile change a run made (an `update` step), as intake records a
 * webhook's: once by its eventId (a retried activity changes nothing), merged by its occurredAt.
 */
export function createRecordProfileUpdate(store: Pick<Store, 'recordEvent'>) {
  return async function recordProfileUpdate(event: CustomerEvent): Promise<void> {
    await store.recordEvent(event).catch((error: unknown) => {
      // The driver's words only: a failed query's text would carry the profile into the run's history.
      throw retryLater(`customer store unavailable: ${rootMessage(error)}`, 'StoreUnavailable');
    });
  };
}
