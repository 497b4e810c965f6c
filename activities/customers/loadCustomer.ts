import type { ContactCustomer } from '../../src/store/contactState.js';
import { rootMessage, type Store } from '../../src/store/store.js';
import { retryLater } from '../channels/failures.js';

/**
 * The customer as the store knows them, for a contact that starts a run without them: a fresh one
 * (first event, or after a terminate or a failure) carries nothing and gets the store's truth; one
 * started before the store carries its profile and consent, which move into the store first (never
 * over newer values). A store that does not answer fails the attempt, retried: the contact waits
 * rather than deciding on an empty profile.
 */
export function createLoadCustomer(store: Pick<Store, 'moveContactIntoStore'>) {
  return async function loadCustomer(customerId: string, carried: ContactCustomer): Promise<ContactCustomer> {
    return store.moveContactIntoStore(customerId, carried).catch((error: unknown) => {
      // The driver's words only: a failed query's text would carry the profile into the run's history.
      throw retryLater(`customer store unavailable: ${rootMessage(error)}`, 'StoreUnavailable');
    });
  };
}
