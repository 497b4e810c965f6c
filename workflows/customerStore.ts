import { patched, proxyActivities } from '@temporalio/workflow';
import type { PeygirActivities } from '../activities/index.js';
import type { ContactState } from './contact.js';

/**
 * Contacts take their customer from the customer store before applying an event, once per contact:
 * a fresh run (first event, or after a terminate, a failure or a reset to its start) loads the profile,
 * its as-of times and consent, instead of deciding `trigger.where` and consent on an empty profile; a
 * run started before the store (no `customerInStore` in its state) first moves what it carries into the
 * store, so the store becomes complete. Runs without the marker never called `loadCustomer`. Remove the
 * check once no contact run from before this change is open (they all carry `customerInStore` then).
 */
export const CONTACT_LOADS_FROM_STORE = 'contact-loads-customer-from-store';

/** The customer store's reads and writes: retried while it does not answer. */
export const customerStoreOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

export const customerStore = proxyActivities<PeygirActivities>(customerStoreOptions);

/** Gives the contact the store's customer (merged with what it carried), unless it has it already. */
export async function takeCustomerFromStore(state: ContactState): Promise<void> {
  if (state.customerInStore || !patched(CONTACT_LOADS_FROM_STORE)) return;
  const carried = { profile: state.profile, profileAsOf: state.profileAsOf, consent: state.consent };
  const { profile, profileAsOf, consent } = await customerStore.loadCustomer.executeWithOptions(
    { ...customerStoreOptions, summary: 'customer from the store' },
    [state.customerId, carried],
  );
  Object.assign(state, { profile, profileAsOf, consent, customerInStore: true });
}
