import type { Client } from '@temporalio/client';
import type { CustomerEvent } from '../../src/events/customerEvent.js';
import { contactWorkflow, customerEventSignal, newContactState } from '../../workflows/index.js';
import { contactWorkflowId } from '../../workflows/ids.js';

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

/** The raw SDK's delivery of an event, the yardstick for Peygir's API: the contact's signalWithStart alone. */
export function signalContactRaw(client: Client, taskQueue: string, event: CustomerEvent): Promise<unknown> {
  return client.workflow.signalWithStart(contactWorkflow, {
    workflowId: contactWorkflowId(event.customerId),
    taskQueue,
    args: [newContactState(event.customerId)],
    signal: customerEventSignal,
    signalArgs: [event],
    staticSummary: `Contact ${event.customerId}`,
  });
}
