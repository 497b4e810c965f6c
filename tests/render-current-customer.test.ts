import { describe, expect, it } from 'vitest';
import { stateQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';

const welcome = sequence({ id: 'welcome', steps: [wait('1', 1), send('2', 'welcome')], templates: { welcome: emailTemplate('welcome') } });

/**
 * The customer store is the truth about a customer: a message renders them as it knows them when the
 * message goes out, whatever the run was told on the way (here a late webhook about an older change,
 * which the run received last but the store ranks first by occurredAt).
 */
describe('a message renders the customer as the store knows them when it goes out', () => {
  const t = useStack({ definitions: [welcome] });

  it('a late webhook about an older change reaches the run but not the email: newest name and address', async () => {
    await post(t.stack, {
      eventId: 'buy',
      type: 'purchase',
      customerId: 'rc-1',
      occurredAt: '2026-11-20T10:00:00Z',
      customer: { email: 'new@example.com', name: 'Sara Ahmadi' },
    });
    const run = t.stack.env.client.workflow.getHandle('enrollment/welcome/rc-1/buy');
    await eventually(async () => expect((await run.query(stateQuery)).status).toBe('waiting'));
    await post(t.stack, { eventId: 'late', type: 'profile_updated', customerId: 'rc-1', occurredAt: '2026-11-19T10:00:00Z', customer: { email: 'old@example.com', name: 'S.' } });
    // The contact forwarded it: the run's own copy of the customer now has the older name and address.
    await eventually(async () => expect((await run.fetchHistory()).events?.some((event) => event.workflowExecutionSignaledEventAttributes)).toBe(true));

    expect(await run.result()).toBe('completed');
    const [mail] = t.smtp.messages;
    expect(mail?.subject).toBe('welcome Sara Ahmadi');
    expect(JSON.stringify(mail?.to)).toContain('new@example.com');
  });
});
