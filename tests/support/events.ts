import type { CustomerEvent } from '../../src/events/customerEvent.js';
import type { TestStack } from './stack.js';

let counter = 0;

/** Posts a customer event through the real API and expects 202. */
export async function post(stack: TestStack, event: Omit<CustomerEvent, 'eventId'> & { eventId?: string }): Promise<CustomerEvent> {
  const full = { eventId: event.eventId ?? `evt-${++counter}`, ...event };
  const response = await stack.api.inject({ method: 'POST', url: '/v1/events', payload: full });
  if (response.statusCode !== 202) throw new Error(`POST /v1/events → ${response.statusCode} ${response.body}`);
  return full as CustomerEvent;
}
