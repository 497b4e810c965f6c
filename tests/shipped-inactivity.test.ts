import { describe, expect, it } from 'vitest';
import { callTaskQuery } from '../workflows/protocol.js';
import { stateQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

describe('the shipped inactivity sequence: a customer who buys gets no call', () => {
  const t = useStack();

  const inactive = async (customerId: string) => {
    await post(t.stack, {
      eventId: `quiet-${customerId}`,
      type: 'customer_inactive',
      customerId,
      customer: { email: `${customerId}@example.com`, name: 'بهار', phone: '09121234567', locale: 'fa' },
      data: { days_inactive: 45, last_seen: '2026-10-11T09:00:00+03:30' },
    });
    return sleepingRun(t.stack, `enrollment/inactivity/${customerId}/quiet-${customerId}`);
  };
  const mailTo = (customerId: string) => t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(`${customerId}@example.com`));
  const callTask = (customerId: string) => t.stack.env.client.workflow.getHandle(`call-task/${customerId}/inactivity/quiet-${customerId}/2.timeout.1`);
  const taskStatus = async (customerId: string) => (await callTask(customerId).query(callTaskQuery).catch(() => undefined))?.status;
  const buy = (customerId: string) => post(t.stack, { eventId: `bought-${customerId}`, type: 'purchase', customerId, data: { product: 'دفتر' } });

  it('a purchase two days after the "we miss you" email ends the run: no call task for the agents', async () => {
    const run = await inactive('in-1');
    await eventually(() => expect(mailTo('in-1').map((mail) => mail.subject)).toEqual(['بهار، دلمان برایتان تنگ شده']));
    await eventually(async () => expect((await run.query(stateQuery)).waitingFor).toContain('email_opened'));
    await t.stack.env.sleep('2 days');
    await buy('in-1');
    expect(await run.result()).toBe('exited');
    expect((await run.query(stateQuery)).exitReason).toBe('exit on purchase');
    expect(await taskStatus('in-1')).toBeUndefined();
  });

  it('a purchase while the agents’ call is due withdraws the task', async () => {
    const run = await inactive('in-2');
    for (let index = 0; index < 16 && (await taskStatus('in-2')) === undefined; index++) await t.stack.env.sleep('12 hours');
    expect(await taskStatus('in-2')).toBeDefined();
    await buy('in-2');
    expect(await run.result()).toBe('exited');
    await eventually(async () => expect(await callTask('in-2').query(callTaskQuery)).toMatchObject({ status: 'cancelled', cancelReason: 'exit on purchase' }));
  });
});
