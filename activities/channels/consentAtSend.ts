import { ApplicationFailure } from '@temporalio/activity';
import type { Channel } from '../../src/dsl/definition.js';
import { rootMessage, type Store } from '../../src/store/store.js';
import { consentRefusal } from '../../workflows/consent.js';
import { retryLater } from './failures.js';

/** Throws when the store says `customerId` may not get a message on `channel` now. */
export type ConsentAtSend = (customerId: string, channel: Channel) => Promise<void>;

/**
 * The last word on consent, asked by the sending activity itself right before the provider: an
 * unsubscribe or suppression recorded while the send was waiting for a retry stops it (`ConsentWithdrawn`,
 * final for the message). A customer the store does not know has withdrawn nothing; a store that does not
 * answer fails the attempt as `StoreUnavailable`, retried, so nothing is sent unchecked.
 */
export function consentAtSend(store: Pick<Store, 'getCustomer'>): ConsentAtSend {
  return async (customerId, channel) => {
    const customer = await store.getCustomer(customerId).catch((error: unknown) => {
      throw retryLater(`customer store unavailable: ${rootMessage(error)}`, 'StoreUnavailable');
    });
    const refusal = customer && consentRefusal(customer.consent, channel);
    if (refusal) throw ApplicationFailure.nonRetryable(`${refusal} (customer store, at send time)`, 'ConsentWithdrawn');
  };
}
