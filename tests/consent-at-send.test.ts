import { describe, expect, it } from 'vitest';
import { timelineQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack, type UsedStack } from './support/useStack.js';

const thanks = sequence({ id: 'thanks', steps: [send('1', 'thanks')], templates: { thanks: emailTemplate('thanks') } });

/**
 * The run decided to send before the customer unsubscribed; the SMTP server put the first attempt off
 * (greylisting), and the unsubscribe is recorded before the retry. The retry must ask the store, not
 * the run's earlier decision: nothing goes out. (The sequence has no exit_on, so only that check stops it.)
 */
describe('an unsubscribe that lands while a send is being retried', () => {
  let greylisted = false;
  const t: UsedStack = useStack({
    definitions: [thanks],
    smtp: {
      // The first attempt gets a 451 at RCPT TO: Temporal retries the send 5 s later.
      faults: (stage) => (stage === 'rcpt' && !greylisted ? ((greylisted = true), { reply: 451, text: '4.7.1 Greylisted, please try again' }) : undefined),
    },
  });

  it('stops the retry: nothing is sent, and the timeline says why', async () => {
    await post(t.stack, { eventId: 'order-1', type: 'purchase', customerId: 'cs-1', customer: { email: 'cs-1@example.com', name: 'Nima' } });
    await eventually(() => expect(greylisted).toBe(true), 100, 100);
    await post(t.stack, { eventId: 'unsub-1', type: 'unsubscribed', customerId: 'cs-1' });

    const run = t.stack.env.client.workflow.getHandle('enrollment/thanks/cs-1/order-1');
    await run.result();
    const timeline = await run.query(timelineQuery);
    expect(timeline.done).toContainEqual(
      expect.objectContaining({ stepId: '1', outcome: 'failed', detail: expect.stringMatching(/^ConsentWithdrawn: customer unsubscribed/) }),
    );
    expect(t.smtp.messages).toHaveLength(0);
  });
});
