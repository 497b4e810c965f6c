import { describe, expect, it } from 'vitest';
import { contactStateQuery, contactWorkflow, customerEventSignal, newContactState } from '../workflows/index.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

const loyalty = sequence({
  id: 'loyalty',
  trigger: { event: 'purchase', where: { path: 'customer.order_count', op: 'gte', value: 2 } },
  steps: [send('1', 'thanks')],
  templates: { thanks: emailTemplate('thanks') },
});

const dated = (iso: string): number => Date.parse(iso);

/**
 * Installations that ran Peygir before the customer store have contacts whose profile and consent live
 * only in the contact's state (what it carries into each continue-as-new). On their next event they move
 * them into the store, merged by occurredAt: the store becomes complete, and what it holds newer stays.
 */
describe('a contact started before the customer store', () => {
  const t = useStack({ definitions: [loyalty] });

  it('moves its profile and consent into the store on its next event, never over newer store values', async () => {
    // What such a contact carries: its profile with as-of times (one field from before those existed) and consent.
    const carried = {
      ...newContactState('before'),
      profile: { email: 'old@example.com', name: 'Sara', order_count: 2, city: 'Tabriz' },
      profileAsOf: { email: dated('2026-01-01T10:00:00Z'), name: dated('2026-01-01T10:00:00Z'), order_count: dated('2026-02-01T10:00:00Z') },
      consent: { unsubscribed: false, suppressed: ['sms' as const] },
      seenEventIds: ['old-1', 'old-2'],
    };
    const client = t.stack.env.client;
    await client.workflow.start(contactWorkflow, { workflowId: 'contact/before', taskQueue: t.stack.taskQueue, args: [carried] });
    // Since the store: a newer email (the contact's is older), and a purchase, which the contact gets next.
    await t.stack.store.recordEvent({ eventId: 'new-1', type: 'profile_updated', customerId: 'before', occurredAt: '2026-03-01T10:00:00Z', customer: { email: 'new@example.com' } });
    await post(t.stack, { eventId: 'p-1', type: 'purchase', customerId: 'before' });

    const stored = await t.stack.store.getCustomer('before');
    await eventually(async () => expect((await client.workflow.getHandle('contact/before').query(contactStateQuery)).seenEventIds).toContain('p-1'));
    const moved = await t.stack.store.getCustomer('before');
    expect(stored?.profile).toEqual({ email: 'new@example.com' });
    expect(moved?.profile).toEqual({ email: 'new@example.com', name: 'Sara', order_count: 2, city: 'Tabriz' });
    expect(moved?.profileAsOf).toEqual({ email: dated('2026-03-01T10:00:00Z'), name: dated('2026-01-01T10:00:00Z'), order_count: dated('2026-02-01T10:00:00Z'), city: 0 });
    expect(moved?.consent).toMatchObject({ unsubscribed: false, suppressed: ['sms'] });
    expect(moved?.identities).toContainEqual({ kind: 'email', value: 'new@example.com' });

    // The contact decides with the store's customer: the trigger on order_count matches, the email goes to the newer address.
    const contact = await client.workflow.getHandle('contact/before').query(contactStateQuery);
    expect(contact).toMatchObject({ customerInStore: true, profile: moved?.profile, consent: { unsubscribed: false, suppressed: ['sms'] } });
    const [thanks] = await t.smtp.waitForMessages(1);
    expect(JSON.stringify(thanks?.to)).toContain('new@example.com');
    await keepHistory(client.workflow.getHandle('contact/before'), 'contact-moves-into-store');
  });

  it('a later decision in the store wins over a withdrawal moved from a contact', async () => {
    const carried = { ...newContactState('resubscribed'), consent: { unsubscribed: true, suppressed: [] } };
    const client = t.stack.env.client;
    await client.workflow.signalWithStart(contactWorkflow, {
      workflowId: 'contact/resubscribed',
      taskQueue: t.stack.taskQueue,
      args: [carried],
      signal: customerEventSignal,
      signalArgs: [{ eventId: 'r-0', type: 'feature_used', customerId: 'resubscribed' }],
    });
    await eventually(async () => expect((await t.stack.store.getCustomer('resubscribed'))?.consent.unsubscribed).toBe(true));
    await post(t.stack, { eventId: 'r-1', type: 'subscribed', customerId: 'resubscribed', occurredAt: '2026-04-01T10:00:00Z' });
    expect((await t.stack.store.getCustomer('resubscribed'))?.consent.unsubscribed).toBe(false);
  });
});
