import { describe, expect, it } from 'vitest';
import { contactStateQuery, timelineQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const welcome = sequence({ id: 'welcome', steps: [send('1', 'welcome')], templates: { welcome: emailTemplate('welcome') } });
const loyalty = sequence({
  id: 'loyalty',
  trigger: { event: 'purchase', where: { path: 'customer.order_count', op: 'gte', value: 2 } },
  steps: [send('1', 'thanks')],
  templates: { thanks: emailTemplate('thanks') },
});

/**
 * Issue 14's first broken promise: unsubscribe a customer, terminate `contact/<id>` (ops do this),
 * post a purchase. The purchase starts a fresh contact; it takes the customer from the store before
 * deciding anything, so it knows the unsubscribe, the profile its triggers ask about, and the address.
 */
describe('a contact that ended abnormally', () => {
  const t = useStack({ definitions: [welcome, loyalty] });
  const contact = (customerId: string) => t.stack.env.client.workflow.getHandle(`contact/${customerId}`);
  /** Terminates the customer's contact, posts a purchase without any profile, and waits until the fresh contact applied it. */
  async function terminateThenPurchase(customerId: string, eventId: string) {
    await contact(customerId).terminate('ops cleaning up');
    await post(t.stack, { eventId, type: 'purchase', customerId });
    await eventually(async () => expect((await contact(customerId).query(contactStateQuery)).seenEventIds).toContain(eventId));
    return contact(customerId).query(contactStateQuery);
  }

  it('does not forget an unsubscribe: the next purchase starts nothing and sends nothing', async () => {
    await post(t.stack, { eventId: 'signup-1', type: 'signup', customerId: 'gone', customer: { email: 'gone@example.com', name: 'Roya', order_count: 2 } });
    await post(t.stack, { eventId: 'unsub-1', type: 'unsubscribed', customerId: 'gone' });

    const fresh = await terminateThenPurchase('gone', 'order-1');
    expect(fresh.consent).toEqual({ unsubscribed: true, suppressed: [] });
    expect(fresh.enrollments).toEqual([]);
    expect(t.smtp.messages).toHaveLength(0);
  });

  it('does not forget the profile: a trigger on order_count matches and the email goes to the stored address', async () => {
    await post(t.stack, {
      eventId: 'signup-2',
      type: 'signup',
      customerId: 'loyal',
      occurredAt: '2026-11-01T10:00:00Z',
      customer: { email: 'loyal@example.com', name: 'Sara', order_count: 2 },
    });

    const fresh = await terminateThenPurchase('loyal', 'order-2');
    expect(fresh.profile).toEqual({ email: 'loyal@example.com', name: 'Sara', order_count: 2 });
    expect(fresh.profileAsOf.order_count).toBe(Date.parse('2026-11-01T10:00:00Z'));
    await eventually(async () => expect((await contact('loyal').query(contactStateQuery)).enrollments).toContain('enrollment/loyalty/loyal/order-2'));
    await t.smtp.waitForMessages(2);
    const thanks = t.smtp.messages.find((mail) => mail.subject === 'thanks Sara');
    expect(JSON.stringify(thanks?.to)).toContain('loyal@example.com');
  });

  it('does not forget a channel suppressed: the run skips the email itself, without asking the provider', async () => {
    await post(t.stack, { eventId: 'signup-3', type: 'signup', customerId: 'quiet', customer: { email: 'quiet@example.com', name: 'Nima', order_count: 3 } });
    await post(t.stack, { eventId: 'unsub-3', type: 'unsubscribed', customerId: 'quiet', data: { channel: 'email' } });

    const fresh = await terminateThenPurchase('quiet', 'order-3');
    expect(fresh.consent).toEqual({ unsubscribed: false, suppressed: ['email'] });
    const run = t.stack.env.client.workflow.getHandle('enrollment/loyalty/quiet/order-3');
    await eventually(async () => void (await run.describe())); // the fresh contact starts it
    await run.result();
    expect((await run.query(timelineQuery)).done).toEqual([expect.objectContaining({ stepId: '1', outcome: 'skipped', detail: 'email suppressed for this customer' })]);
    expect(t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes('quiet@'))).toHaveLength(0);
  });
});
