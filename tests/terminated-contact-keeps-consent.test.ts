import { describe, expect, it } from 'vitest';
import { timelineQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const welcome = sequence({ id: 'welcome', steps: [send('1', 'welcome')], templates: { welcome: emailTemplate('welcome') } });

/**
 * Issue 14's first broken promise: unsubscribe a customer, terminate `contact/<id>` (ops do this),
 * post a purchase. The purchase starts a fresh, empty contact that knows nothing of the unsubscribe;
 * the customer store still does, and the send asks it: no welcome email goes out.
 */
describe('a contact that ended abnormally', () => {
  const t = useStack({ definitions: [welcome] });

  it('does not forget an unsubscribe: the next purchase sends nothing', async () => {
    await post(t.stack, { eventId: 'signup-1', type: 'signup', customerId: 'gone', customer: { email: 'gone@example.com', name: 'Roya' } });
    await post(t.stack, { eventId: 'unsub-1', type: 'unsubscribed', customerId: 'gone' });
    await t.stack.env.client.workflow.getHandle('contact/gone').terminate('ops cleaning up');

    // A shop sends the customer with every event: the fresh contact has an address to send to.
    await post(t.stack, { eventId: 'order-1', type: 'purchase', customerId: 'gone', customer: { email: 'gone@example.com', name: 'Roya' } });
    const run = t.stack.env.client.workflow.getHandle('enrollment/welcome/gone/order-1');
    await eventually(async () => void (await run.describe())); // the fresh contact starts it
    await run.result();
    expect((await run.query(timelineQuery)).done).toContainEqual(
      expect.objectContaining({ stepId: '1', outcome: 'failed', detail: expect.stringMatching(/^ConsentWithdrawn: customer unsubscribed/) }),
    );
    expect(t.smtp.messages).toHaveLength(0);
  });
});
