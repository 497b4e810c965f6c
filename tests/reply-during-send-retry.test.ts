import { describe, expect, it } from 'vitest';
import { timelineQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack, type UsedStack } from './support/useStack.js';

const nudge = sequence({
  id: 'nudge',
  trigger: { event: 'invoice_sent' },
  steps: [
    send('1', 'nudge'),
    {
      kind: 'wait_for',
      id: '2',
      label: 'wait for email_opened (timeout 2d)',
      timeout: { days: 2 },
      events: [{ event: 'email_opened', steps: [send('2.opened.1', 'thanks')] }],
      onTimeout: [send('2.timeout.1', 'reminder')],
    },
  ],
  templates: { nudge: emailTemplate('nudge'), thanks: emailTemplate('thanks'), reminder: emailTemplate('reminder') },
});

/**
 * The provider has the message but its "250" is lost, so the send is retried; the customer opens the
 * email in between. That answer belongs to the message and must not be ignored by the wait after it.
 */
describe('a reply that arrives while the send is still being retried', () => {
  let first = true;
  const t: UsedStack = useStack({
    definitions: [nudge],
    smtp: {
      // The first message is kept but its 250 never reaches Peygir: the send is retried 5 s later.
      faults: (stage) => (stage === 'data' && first ? ((first = false), 'accept-then-drop') : undefined),
      // The customer opens that first copy at once, while the send is still waiting for its retry.
      onAccepted: async () => {
        if (t.smtp.messages.length === 1) await post(t.stack, { eventId: 'open-1', type: 'email_opened', customerId: 'r-1' });
      },
    },
  });

  it('answers the message: the wait_for matches it at once', async () => {
    await post(t.stack, { eventId: 'inv-1', type: 'invoice_sent', customerId: 'r-1', customer: { email: 'r-1@example.com', name: 'Sara' } });
    await eventually(() => expect(t.smtp.messages.map((mail) => mail.subject?.split(' ')[0])).toContain('thanks'), 150, 200);
    const subjects = t.smtp.messages.map((mail) => mail.subject?.split(' ')[0]);
    expect(subjects).not.toContain('reminder');
    const nudges = t.smtp.messages.filter((mail) => mail.subject?.startsWith('nudge'));
    expect(new Set(nudges.map((mail) => mail.messageId)).size).toBe(1); // the retry resent the same Message-ID
    const run = t.stack.env.client.workflow.getHandle('enrollment/nudge/r-1/inv-1');
    const timeline = await run.query(timelineQuery);
    expect(timeline.done).toContainEqual(expect.objectContaining({ stepId: '2', outcome: 'matched' }));
    await run.result();
    await keepHistory(run, 'enrollment-reply-during-send-retry');
  });
});
