import { describe, expect, it } from 'vitest';
import { callTaskQuery, contactStateQuery } from '../workflows/protocol.js';
import { idPart } from '../workflows/ids.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

describe('the shipped inactivity sequence: Peygir notices 30 days without a login or a purchase', () => {
  const t = useStack();

  const contact = (customerId: string) => t.stack.env.client.workflow.getHandle(`contact/${customerId}`);
  const contactState = (customerId: string) => contact(customerId).query(contactStateQuery);
  const runsOf = async (customerId: string) => (await contactState(customerId)).enrollments.filter((id) => id.startsWith('enrollment/inactivity/'));
  const active = (customerId: string, type: 'login' | 'purchase', eventId: string) =>
    post(t.stack, {
      eventId,
      type,
      customerId,
      customer: { email: `${customerId}@example.com`, name: 'بهار', phone: '09121234567', locale: 'fa' },
      ...(type === 'purchase' && { data: { product: 'دفتر' } }),
    });
  const armed = (customerId: string) => eventually(async () => expect((await contactState(customerId)).watches?.silence.inactivity).toBeDefined());
  /** Skips the silence (31 days) and answers the run it started, the nth of the customer's. */
  const silentFor31Days = async (customerId: string, nth: number) => {
    await t.stack.env.sleep('31 days');
    await eventually(async () => expect(await runsOf(customerId)).toHaveLength(nth));
    const workflowId = (await runsOf(customerId))[nth - 1] ?? '';
    expect(workflowId).toMatch(new RegExp(`^enrollment/inactivity/${customerId}/silent-since-`));
    return { workflowId, run: await sleepingRun(t.stack, workflowId) };
  };
  const mailTo = (customerId: string) => t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(`${customerId}@example.com`));
  const callTask = (customerId: string, enrollmentId: string) =>
    t.stack.env.client.workflow.getHandle(`call-task/${customerId}/inactivity/${idPart(enrollmentId.split('/')[3] ?? '')}/2.timeout.1`);
  const taskStatus = async (customerId: string, enrollmentId: string) => (await callTask(customerId, enrollmentId).query(callTaskQuery).catch(() => undefined))?.status;

  it('30 days after the last login the "we miss you" email; a purchase two days later ends it; quiet again, a new run', async () => {
    await active('in-1', 'login', 'login-in-1');
    await armed('in-1');
    const first = await silentFor31Days('in-1', 1);
    await eventually(() => expect(mailTo('in-1').map((mail) => mail.subject)).toEqual(['بهار، دلمان برایتان تنگ شده']));
    await t.stack.env.sleep('2 days');
    await active('in-1', 'purchase', 'bought-in-1');
    expect(await first.run.result()).toBe('exited');
    expect(await taskStatus('in-1', first.workflowId)).toBeUndefined();

    // The purchase began a new silence: 30 days after it, a second run (its own ID), and only one.
    const second = await silentFor31Days('in-1', 2);
    expect(second.workflowId).not.toBe(first.workflowId);
    await t.stack.env.sleep('40 days');
    expect(await runsOf('in-1')).toHaveLength(2);
    await keepHistory(contact('in-1'), 'contact-silence-fired');
  });

  it('the trigger carries days_inactive; a purchase while the agents’ call is due withdraws the task', async () => {
    await active('in-2', 'purchase', 'bought-before-in-2');
    await armed('in-2');
    const { workflowId, run } = await silentFor31Days('in-2', 1);
    for (let index = 0; index < 16 && (await taskStatus('in-2', workflowId)) === undefined; index++) await t.stack.env.sleep('12 hours');
    const task = await callTask('in-2', workflowId).query(callTaskQuery);
    expect(task.script).toMatch(/^بهار ۳۰ روز است فعالیتی نداشته/);
    await active('in-2', 'purchase', 'bought-in-2');
    expect(await run.result()).toBe('exited');
    await eventually(async () => expect(await callTask('in-2', workflowId).query(callTaskQuery)).toMatchObject({ status: 'cancelled', cancelReason: 'exit on purchase' }));
  });
});
