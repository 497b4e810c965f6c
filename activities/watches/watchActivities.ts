import type { SequenceDefinition, DateTrigger } from '../../src/dsl/definition.js';
import { nextCustomerDate as computeNextCustomerDate } from '../../src/schedule/customerDate.js';
import { rootMessage, type Store } from '../../src/store/store.js';
import { retryLater } from '../channels/failures.js';

/** Signals a customer's contact (starting it when needed) to watch these sequences: src/rollout/. */
export type WatchContact = (customerId: string, sequences: SequenceDefinition[]) => Promise<unknown>;

const storeDown = (error: unknown) => {
  // The driver's words only: a failed query's text could carry customer data into the history.
  throw retryLater(`customer store unavailable: ${rootMessage(error)}`, 'StoreUnavailable');
};

/**
 * What the contact's silence and date watches (workflows/watches/) and the rollouts (workflows/rollout.ts)
 * ask outside the workflow: the store's last activity and customers, a date's next occurrence in the
 * customer's zone, and the contacts to signal.
 */
export function createWatchActivities(deps: { store: Pick<Store, 'lastActivity' | 'customersToWatch'>; watchContact?: WatchContact | undefined }) {
  return {
    /** When the customer last did one of `types`, else when the store first saw them (ISO). */
    async lastActivity(customerId: string, types: string[]): Promise<{ lastSeen: string }> {
      const at = await deps.store.lastActivity(customerId, types).catch(storeDown);
      return { lastSeen: at.toISOString() };
    },
    /** The next time a date trigger fires for this value (none for an empty, zero or past `once` date). */
    async nextCustomerDate(input: { value: unknown; trigger: DateTrigger; timeZone?: string | undefined; after: string }): Promise<{ next?: { at: string; date: string } }> {
      const next = computeNextCustomerDate(input.value, input.trigger, input.timeZone, new Date(input.after));
      return next ? { next: { at: next.at.toISOString(), date: next.date } } : {};
    },
    /** One page of a rollout's customers (IDs in order after `after`). */
    async customersToWatch(page: { field?: string | undefined; after?: string | undefined; limit: number }): Promise<string[]> {
      return deps.store.customersToWatch(page).catch(storeDown);
    },
    /** Asks each customer's contact to watch the sequences; a retry signals again, which the contact takes as the same request. */
    async watchContacts(input: { customerIds: string[]; sequences: SequenceDefinition[] }): Promise<number> {
      const watch = deps.watchContact;
      if (!watch) throw new Error('this worker has no Temporal client to reach the contacts');
      await Promise.all(input.customerIds.map((customerId) => watch(customerId, input.sequences)));
      return input.customerIds.length;
    },
  };
}
