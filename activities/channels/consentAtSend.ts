import { ApplicationFailure } from '@temporalio/activity';
import type { Channel } from '../../src/dsl/definition.js';
import { rootMessage, type Store } from '../../src/store/store.js';
import { consentRefusal } from '../../workflows/consent.js';
import { retryLater } from './failures.js';

/** Throws when the store says `customerId` may not get a message on `channel` now, or `address` belongs to an erased customer. */
export type ConsentAtSend = (customerId: string, channel: Channel, address?: string) => Promise<void>;

/**
 * The last word on consent, asked by the sending activity itself right before the provider: an
 * unsubscribe or suppression recorded while the send was waiting for a retry stops it (`ConsentWithdrawn`,
 * final for the message), and so does an address (email, or phone for SMS and calls) of an erased
 * customer, under whatever customer ID it came back. A customer the store does not know has withdrawn
 * nothing; a store that does not answer fails the attempt as `StoreUnavailable`, retried, so nothing is sent unchecked.
 */
export function consentAtSend(store: Pick<Store, 'getCustomer' | 'isSuppressedIdentity'>): ConsentAtSend {
  return async (customerId, channel, address) => {
    const unavailable = (error: unknown) => {
      throw retryLater(`customer store unavailable: ${rootMessage(error)}`, 'StoreUnavailable');
    };
    const customer = await store.getCustomer(customerId).catch(unavailable);
    const refusal = customer && consentRefusal(customer.consent, channel);
    if (refusal) throw ApplicationFailure.nonRetryable(`${refusal} (customer store, at send time)`, 'ConsentWithdrawn');
    const kind = channel === 'email' ? 'email' : 'phone';
    if (address !== undefined && (await store.isSuppressedIdentity(kind, address).catch(unavailable))) {
      throw ApplicationFailure.nonRetryable(`this ${kind} belongs to an erased customer (customer store, at send time)`, 'ConsentWithdrawn');
    }
  };
}
