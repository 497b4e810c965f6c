import { describe, expect, it } from 'vitest';
import { EVENT_LIMITS } from '../src/events/limits.js';
import { contactStateQuery, stateQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

/**
 * Issue 14, "Bounded state": three `profile_updated` events, each with a 0.9 MB `customer` field (each under
 * the 1 MiB request limit), used to grow the contact's state past Temporal's 2 MB payload limit: its
 * continue-as-new was refused, the server terminated it, and a later unsubscribe went to a fresh contact
 * that knew nothing of the running welcome enrollment. On the dev server (a real Temporal server: the Java
 * test server does not enforce the payload limit), so that events let through would kill the contact here.
 */
describe('an oversized profile is refused at intake and cannot kill the contact', () => {
  const t = useStack({ server: 'dev' });

  it('3 × 0.9 MB customer fields are 422 naming the field; a later unsubscribe still stops the welcome run', async () => {
    await post(t.stack, { eventId: 'order-big', type: 'purchase', customerId: 'big-1', customer: { email: 'big-1@example.com', name: 'سارا' } });
    await t.smtp.waitForMessages(1);
    const run = await sleepingRun(t.stack, 'enrollment/welcome/big-1/order-big');

    for (const field of ['notes_1', 'notes_2', 'notes_3']) {
      const response = await t.stack.api.inject({
        method: 'POST',
        url: '/v1/events',
        payload: { eventId: `profile-${field}`, type: 'profile_updated', customerId: 'big-1', customer: { [field]: 'n'.repeat(900_000) } },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'profile_too_large', details: [{ path: `customer.${field}` }] });
    }
    const contact = t.stack.env.client.workflow.getHandle('contact/big-1');
    expect((await contact.describe()).status.name).toBe('RUNNING');
    expect(Object.keys((await contact.query(contactStateQuery)).profile)).toEqual(expect.not.arrayContaining(['notes_1', 'notes_2', 'notes_3']));

    await post(t.stack, { type: 'unsubscribed', customerId: 'big-1' });
    // Real time here: the run must end on the unsubscribe itself, long before its 7-day wait is over.
    await eventually(async () => expect((await run.describe()).status.name).toBe('COMPLETED'));
    expect(await run.result()).toBe('exited');
    expect((await run.query(stateQuery)).exitReason).toBe('exit on unsubscribed');
    expect(t.smtp.messages).toHaveLength(1); // the tutorial email can no longer be sent: the run is over
    // The same contact, state and all (a contact started afresh would have an empty profile).
    expect((await contact.describe()).status.name).toBe('RUNNING');
    expect((await contact.query(contactStateQuery)).profile).toMatchObject({ name: 'سارا' });
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
