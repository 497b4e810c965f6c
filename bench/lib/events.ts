import type { CustomerEvent } from '../../src/events/customerEvent.js';

/** A purchase by one bench customer, as a shop's webhook would send it. */
export function purchaseEvent(customerId: string, locale: 'fa' | 'en' = 'fa'): CustomerEvent {
  return {
    eventId: `order-${customerId}`,
    type: 'purchase',
    customerId,
    customer: { email: `${customerId}@bench.test`, name: locale === 'fa' ? 'سارا' : 'Sara', locale },
    data: { product: 'کتاب', amount: 250_000 },
  };
}

/** The bench customer an email went to (its address is <customerId>@bench.test). */
export const customerOfAddress = (address: string | undefined): string | undefined => address?.replace(/@bench\.test$/, '');
