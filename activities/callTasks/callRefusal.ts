import type { StoreRefusal } from '../channels/consentAtSend.js';

export interface CallRefusalInput {
  customerId: string;
  /** The number agents would call: one of an erased customer refuses the call under any customer ID. */
  phone?: string;
}

/**
 * Why the customer store says agents may not call the customer now (unsubscribed, calls suppressed, the
 * phone of an erased customer), or nothing: the store's last word a send asks for too, asked by a call task
 * right before it opens, so an unsubscribe the run has not heard yet stops it. A store that does not answer
 * fails the attempt (`StoreUnavailable`, retried): no task opens unchecked.
 */
export function createCallRefusal(refusalOf: StoreRefusal) {
  return async function callRefusal(input: CallRefusalInput): Promise<{ refusal?: string }> {
    const refusal = await refusalOf(input.customerId, 'call', input.phone);
    return refusal ? { refusal: `${refusal} (customer store, when the call task was to open)` } : {};
  };
}
