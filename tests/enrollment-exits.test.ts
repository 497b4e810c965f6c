import { describe, expect, it } from 'vitest';
import { stateQuery, timelineQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { useStack } from './support/useStack.js';

const nurture = sequence({
  id: 'nurture',
  exitOn: ['unsubscribed', 'refund_requested'],
  goal: { event: 'purchase', where: { path: 'event.data.second', op: 'eq', value: true }, label: 'second purchase' },
  steps: [send('1', 'welcome'), wait('2', 30), send('3', 'offer')],
  templates: { welcome: emailTemplate('welcome'), offer: emailTemplate('offer') },
});

describe('events end an enrollment at once, whatever it waits for', () => {
  const t = useStack({ definitions: [nurture] });

  const customer = (id: string) => ({ email: `${id}@example.com`, name: id });

  it('an unsubscribe mid-wait stops the run: status exited, no further sends', async () => {
    await post(t.stack, { eventId: 'p-u1', type: 'purchase', customerId: 'u1', customer: customer('u1') });
    await t.smtp.waitForMessages(1);
    const handle = t.stack.env.client.workflow.getHandle('enrollment/nurture/u1/p-u1');
    await eventually(async () => expect((await handle.query(stateQuery)).status).toBe('waiting'));

    await post(t.stack, { type: 'unsubscribed', customerId: 'u1' });
    expect(await handle.result()).toBe('exited');
    const state = await handle.query(stateQuery);
    expect(state).toMatchObject({ status: 'exited', exitReason: 'exit on unsubscribed' });
    expect(t.smtp.messages.filter((mail) => mail.to && JSON.stringify(mail.to).includes('u1@'))).toHaveLength(1);
    const { done } = await handle.query(timelineQuery);
    expect(done.map((entry) => [entry.stepId, entry.outcome])).toEqual([['1', 'done']]);
    await keepHistory(handle, 'enrollment-unsubscribed-mid-wait');
    await keepHistory(t.stack.env.client.workflow.getHandle('contact/u1'), 'contact-routing');
  });

  it('reaching the goal ends the run as converted', async () => {
    await post(t.stack, { eventId: 'p-g1', type: 'purchase', customerId: 'g1', customer: customer('g1') });
    const handle = t.stack.env.client.workflow.getHandle('enrollment/nurture/g1/p-g1');
    await eventually(async () => expect((await handle.query(stateQuery)).status).toBe('waiting'));
    await post(t.stack, { eventId: 'p-g2', type: 'purchase', customerId: 'g1', data: { second: true } });
    expect(await handle.result()).toBe('converted');
    expect((await handle.query(stateQuery)).exitReason).toBe('goal reached: second purchase');
  });

  it('a customer who unsubscribed is not enrolled again', async () => {
    await post(t.stack, { type: 'unsubscribed', customerId: 'n1', customer: customer('n1') });
    await post(t.stack, { eventId: 'p-n1', type: 'purchase', customerId: 'n1' });
    const contact = t.stack.env.client.workflow.getHandle('contact/n1');
    const { contactStateQuery } = await import('../workflows/index.js');
    await eventually(async () => expect((await contact.query(contactStateQuery)).seenEventIds).toContain('p-n1'));
    expect((await contact.query(contactStateQuery)).enrollments).toEqual([]);
  });
});
