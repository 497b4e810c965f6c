import { describe, expect, it } from 'vitest';
import { contactStateQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { useStack } from './support/useStack.js';

const purchase = {
  eventId: 'order-1001',
  type: 'purchase',
  customerId: 'c-42',
  customer: { email: 'sara@example.com', name: 'سارا' },
  data: { product: 'کتاب فارسی' },
};

describe('a purchase webhook sends the welcome email', () => {
  const t = useStack();

  it('delivers the welcome email to the customer, once, even when the event is posted twice', async () => {
    const first = await t.stack.api.inject({ method: 'POST', url: '/v1/events', payload: purchase });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ eventId: 'order-1001', status: 'accepted', workflowId: 'contact/c-42' });

    const [welcome] = await t.smtp.waitForMessages(1);
    expect(welcome?.to).toMatchObject({ value: [{ address: 'sara@example.com' }] });
    expect(welcome?.subject).toBe('سارا عزیز، به خانواده ما خوش آمدید');
    expect(welcome?.text).toContain('سلام سارا');
    expect(welcome?.text).toContain('کتاب فارسی');
    expect(welcome?.messageId).toBe('<enrollment.welcome.c-42.order-1001.1@peygir>');

    const again = await t.stack.api.inject({ method: 'POST', url: '/v1/events', payload: purchase });
    expect(again.statusCode).toBe(202);
    const contact = t.stack.env.client.workflow.getHandle('contact/c-42');
    await eventually(async () => expect(await contact.query(contactStateQuery)).toMatchObject({ duplicateEvents: 1 }));
    expect((await contact.query(contactStateQuery)).enrollments).toEqual(['enrollment/welcome/c-42/order-1001']);
    expect(t.smtp.messages).toHaveLength(1);
  });
});
