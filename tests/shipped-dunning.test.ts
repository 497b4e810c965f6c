import { describe, expect, it } from 'vitest';
import { nextOpenSlot, wakeTime } from '../src/schedule/index.js';
import { callTaskQuery } from '../workflows/protocol.js';
import { stateQuery, timelineQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { sleepingRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

const TEHRAN = 'Asia/Tehran';

/** A stack with the shipped sequences and its helpers, registered in the calling `describe`. */
function useDunning() {
  const kavenegar = fakeKavenegar();
  const t = useStack(async () => ({ kavenegarUrl: await kavenegar.start() }), () => kavenegar.stop());

  /** Lets server time pass in steps (sends may wait for the send window, tasks for business hours) until `done` holds. */
  const passTimeUntil = async (done: () => Promise<boolean> | boolean, step: string, most: number): Promise<void> => {
    for (let index = 0; index < most && !(await done()); index++) await t.stack.env.sleep(step);
    expect(await done()).toBe(true);
  };
  const paymentFailed = async (customerId: string) => {
    await post(t.stack, {
      eventId: `failed-${customerId}`,
      type: 'payment_failed',
      customerId,
      customer: { email: `${customerId}@example.com`, name: 'کاوه', phone: '09121234567', locale: 'fa', timezone: TEHRAN },
      data: { reason: 'کارت منقضی شده', amount: 490_000, attempt: 1 },
    });
    return sleepingRun(t.stack, `enrollment/dunning/${customerId}/failed-${customerId}`);
  };
  const mailTo = (customerId: string) => t.smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(`${customerId}@example.com`));
  const smsCount = () => kavenegar.requests.filter((request) => request.apiMethod === 'sms/send').length;
  const callTask = (customerId: string) => t.stack.env.client.workflow.getHandle(`call-task/${customerId}/dunning/failed-${customerId}/5`);
  const taskStatus = async (customerId: string) => (await callTask(customerId).query(callTaskQuery).catch(() => undefined))?.status;
  return { t, kavenegar, passTimeUntil, paymentFailed, mailTo, smsCount, callTask, taskStatus };
}

describe('the shipped dunning for a failed payment, a week in milliseconds', () => {
  const { t, passTimeUntil, paymentFailed, mailTo, smsCount, callTask, taskStatus } = useDunning();

  it('nobody pays: the email at once, the SMS three days later at 10:00, a call task for billing two days after that', async () => {
    const run = await paymentFailed('dn-1');
    await passTimeUntil(() => mailTo('dn-1').length === 1, '1 hour', 13);
    expect(mailTo('dn-1')[0]?.subject).toBe('کاوه، پرداخت اشتراک شما انجام نشد');
    expect(mailTo('dn-1')[0]?.text).toContain('۴۹۰٬۰۰۰ تومان');

    const task = callTask('dn-1');
    await passTimeUntil(async () => (await taskStatus('dn-1')) === 'open', '12 hours', 24);
    expect(await task.query(callTaskQuery)).toMatchObject({ assignee: 'billing', priority: 'high', customerName: 'کاوه', phone: '+989121234567' });
    expect((await task.query(callTaskQuery)).script).toContain('(علت: کارت منقضی شده)');
    expect(await run.result()).toBe('completed');

    const done = (await run.query(timelineQuery)).done;
    const at = (stepId: string): Date => new Date(done.find((entry) => entry.stepId === stepId)?.at ?? '');
    const window = t.stack.sequences.get('dunning')?.sendWindows.sms;
    if (!window) throw new Error('dunning has no SMS window');
    // The timeline records when the provider accepted the message: within seconds of the wake-up.
    expect(Math.abs(at('1').getTime() - nextOpenSlot(new Date((await run.query(stateQuery)).startedAt), window, TEHRAN).getTime())).toBeLessThan(60_000);
    const sms = at('3');
    expect(done.find((entry) => entry.stepId === '3')?.label).toBe('send sms: payment_reminder');
    expect(Math.abs(sms.getTime() - nextOpenSlot(wakeTime(at('1'), { days: 3 }, '10:00', TEHRAN), window, TEHRAN).getTime())).toBeLessThan(60_000);
    expect(Math.abs(at('5').getTime() - wakeTime(sms, { days: 2 }, '10:00', TEHRAN).getTime())).toBeLessThan(60_000);
    expect(smsCount()).toBe(1);
  });

  it('paid after the SMS: converted, and no call task is opened', async () => {
    const run = await paymentFailed('dn-2');
    await passTimeUntil(() => smsCount() === 2, '12 hours', 10);
    await eventually(async () => expect((await run.query(stateQuery)).status).toBe('waiting'));
    await post(t.stack, { eventId: 'paid-dn-2', type: 'payment_succeeded', customerId: 'dn-2', data: { amount: 490_000 } });
    expect(await run.result()).toBe('converted');
    expect((await run.query(stateQuery)).exitReason).toBe('goal reached: payment recovered');
    expect(await taskStatus('dn-2')).toBeUndefined();
  });

});

// Its own test server: on the Java time-skipping server, after an earlier test's call task waited for
// business hours, a later call task's timers in the same server were seen never to fire.
describe('the shipped dunning, paid while the billing call is due', () => {
  const { t, paymentFailed, passTimeUntil, callTask, taskStatus } = useDunning();

  it('paid while the call is due: the open task is withdrawn, so billing does not call', async () => {
    const run = await paymentFailed('dn-3');
    // Opened, or waiting for business hours (a Friday, a holiday): either way an agent would call.
    await passTimeUntil(async () => (await taskStatus('dn-3')) !== undefined, '12 hours', 16);
    await post(t.stack, { eventId: 'paid-dn-3', type: 'payment_succeeded', customerId: 'dn-3', data: {} });
    expect(await run.result()).toBe('converted');
    await eventually(async () => expect(await callTask('dn-3').query(callTaskQuery)).toMatchObject({ status: 'cancelled', cancelReason: 'goal reached: payment recovered' }));
  });
});
