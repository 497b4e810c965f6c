import { describe, expect, it } from 'vitest';
import { EVENT_LIMITS } from '../src/events/limits.js';
import { contactStateQuery, stateQuery } from '../workflows/index.js';
import { post } from './support/events.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

/**
 * Issue 14, "Bounded state": three `profile_updated` events with a 0.9 MB `customer` field (each under
 * the 1 MiB request limit) used to grow the contact's state past Temporal's payload limit, so the server
 * terminated the contact and a later unsubscribe never reached the running welcome enrollment.
 */
describe('an oversized profile is refused at intake and cannot kill the contact', () => {
  const t = useStack();
  const notes = 'n'.repeat(900_000);

  it('3 × 0.9 MB customer.notes are 422 naming the field; a later unsubscribe still stops the welcome run', async () => {
    await post(t.stack, { eventId: 'order-big', type: 'purchase', customerId: 'big-1', customer: { email: 'big-1@example.com', name: 'سارا' } });
    await t.smtp.waitForMessages(1);
    const run = await sleepingRun(t.stack, 'enrollment/welcome/big-1/order-big');

    for (const round of [1, 2, 3]) {
      const response = await t.stack.api.inject({
        method: 'POST',
        url: '/v1/events',
        payload: { eventId: `profile-big-${round}`, type: 'profile_updated', customerId: 'big-1', customer: { notes } },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'profile_too_large', details: [{ path: 'customer.notes' }] });
    }
    const contact = t.stack.env.client.workflow.getHandle('contact/big-1');
    expect((await contact.describe()).status.name).toBe('RUNNING');
    expect(Object.keys((await contact.query(contactStateQuery)).profile)).not.toContain('notes');

    await post(t.stack, { type: 'unsubscribed', customerId: 'big-1' });
    expect(await run.result()).toBe('exited');
    expect((await run.query(stateQuery)).exitReason).toBe('exit on unsubscribed');
    await t.stack.env.sleep('8 days'); // past the 7-day wait before the tutorial email
    expect(t.smtp.messages).toHaveLength(1);
    expect((await contact.describe()).status.name).toBe('RUNNING');
  });

  it('in a batch, an event over the event limit is refused on its own (event_too_large) and the others are stored', async () => {
    const tooLarge = { eventId: 'blob-1', type: 'note_added', customerId: 'big-2', data: { blob: 'x'.repeat(EVENT_LIMITS.eventBytes) } };
    const fine = { eventId: 'fine-1', type: 'note_added', customerId: 'big-2', data: { text: 'ok' } };
    const response = await t.stack.api.inject({ method: 'POST', url: '/v1/events/batch', payload: { events: [tooLarge, fine] } });
    expect(response.statusCode).toBe(207);
    expect(response.json()).toMatchObject({
      accepted: 1,
      rejected: 1,
      results: [
        { index: 0, eventId: 'blob-1', status: 'rejected', error: { code: 'event_too_large' } },
        { index: 1, eventId: 'fine-1', status: 'accepted', workflowId: 'contact/big-2' },
      ],
    });
  });
});
