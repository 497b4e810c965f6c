import { patched, proxyActivities } from '@temporalio/workflow';
import type { PeygirActivities } from '../activities/index.js';
import type { ContactState } from './contact.js';
import { patches } from './patches.js';


/** The customer store's reads and writes: retried while it does not answer. */
export const customerStoreOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
} as const;

export const customerStore = proxyActivities<PeygirActivities>(customerStoreOptions);

/**
 * Gives the contact the store's customer, once per contact, before it applies an event: a fresh run
 * (first event, or after a terminate, a failure or a reset to its start) loads the profile, its as-of
 * times and consent instead of deciding `trigger.where` and consent on an empty profile; a run started
 * before the store (no `customerInStore` in its state) first moves what it carries into the store.
 */
export async function takeCustomerFromStore(state: ContactState): Promise<void> {
  if (state.customerInStore || !patched(patches.contactLoadsCustomerFromStore)) return;
  const carried = { profile: state.profile, profileAsOf: state.profileAsOf, consent: state.consent };
  const { profile, profileAsOf, consent, facts } = await customerStore.loadCustomer.executeWithOptions(
    { ...customerStoreOptions, summary: 'customer from the store' },
    [state.customerId, carried],
  );
  Object.assign(state, { profile, profileAsOf, consent, customerInStore: true }, facts && !state.facts && { facts });
}
