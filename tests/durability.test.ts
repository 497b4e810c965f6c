import { describe, expect, it } from 'vitest';
import { contactStateQuery, contactWorkflow, customerEventSignal, newContactState, stateQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

const twoEmails = sequence({
  id: 'two',
  steps: [send('1', 'first'), wait('2', 10), send('3', 'second')],
  templates: { first: emailTemplate('first'), second: emailTemplate('second') },
});

describe('durability: restarts lose nothing and repeat nothing', () => {
  const t = useStack({ definitions: [twoEmails] });

  it('a worker restart in the middle of a run: the run goes on where it was, each email once', async () => {
    await post(t.stack, { eventId: 'p-w1', type: 'purchase', customerId: 'w1', customer: { email: 'w1@example.com', name: 'w1' } });
    const handle = t.stack.env.client.workflow.getHandle('enrollment/two/w1/p-w1');
    await eventually(async () => expect((await handle.query(stateQuery)).status).toBe('waiting'));

    await t.stack.restartWorker();

    expect(await handle.result()).toBe('completed');
    expect(t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes('w1@')).map((mail) => mail.subject)).toEqual(['first w1', 'second w1']);
  });

  it('the contact workflow continues as new before its history grows, keeping profile, dedup window and runs', async () => {
    const client = t.stack.env.client;
    const first = await client.workflow.signalWithStart(contactWorkflow, {
      workflowId: 'contact/can1',
      taskQueue: t.stack.taskQueue,
      args: [newContactState('can1', 3)],
      signal: customerEventSignal,
      signalArgs: [{ eventId: 'c-0', type: 'signup', customerId: 'can1', customer: { name: 'کاوه' } }],
    });
    for (let index = 1; index <= 5; index++) {
        await post(t.stack, { eventId: `c-${index}`, type: 'feature_used', customerId: 'can1', customer: { [`attr${index}`]: index } });
    }
    await post(t.stack, { eventId: 'c-1', type: 'feature_used', customerId: 'can1' });
    const contact = client.workflow.getHandle('contact/can1');
    // Each query gets a deadline: on a loaded machine the Java test server can drop a query that
    // arrives while the run continues as new, and the next attempt then finds the new run.
    const state = () => client.withDeadline(Date.now() + 3_000, () => contact.query(contactStateQuery));
    await eventually(async () => expect((await state()).duplicateEvents).toBe(1));
    const { seenEventIds, profile } = await state();
    expect(seenEventIds).toEqual(['c-0', 'c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
    expect(profile).toMatchObject({ name: 'کاوه', attr1: 1, attr5: 5 });
    expect((await contact.describe()).runId).not.toBe(first.signaledRunId);
    await keepHistory(client.workflow.getHandle('contact/can1', first.signaledRunId), 'contact-continued-as-new');
  });
});
