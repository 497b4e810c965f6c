import { describe, expect, it } from 'vitest';
import { callTaskQuery } from '../workflows/protocol.js';
import { stateQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { startedRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

describe('the shipped quote follow-up: email → SMS → call task when the customer stays silent', () => {
  const kavenegar = fakeKavenegar();
  const t = useStack(async () => ({ kavenegarUrl: await kavenegar.start() }), () => kavenegar.stop());

  /** Lets server time pass in steps (sends may wait for the send window) until `done` holds. */
  const passTimeUntil = async (done: () => Promise<boolean> | boolean, step: string, most: number): Promise<void> => {
    for (let index = 0; index < most && !(await done()); index++) await t.stack.env.sleep(step);
    expect(await done()).toBe(true);
  };

  const request = (customerId: string) =>
    post(t.stack, {
      eventId: `quote-${customerId}`,
      type: 'quote_requested',
      customerId,
      customer: { email: `${customerId}@example.com`, name: 'امید', phone: '09121234567', preferred_channel: 'email' },
      data: { product: 'میز اداری', amount: 12_000_000 },
    });
  const smsSent = (count: number) => () => kavenegar.requests.filter((sent) => sent.apiMethod === 'sms/send').length >= count;

  it('climbs the ladder on silence: email, then SMS two days later, then a call task for an agent', async () => {
    await request('q-1');
    const run = await startedRun(t.stack, 'enrollment/escalation/q-1/quote-q-1');
    await eventually(async () => expect((await run.query(stateQuery)).status).toBe('waiting'));
    await passTimeUntil(() => t.smtp.messages.length === 1, '1 hour', 24);
    expect(t.smtp.messages[0]?.subject).toContain('میز اداری');
    await passTimeUntil(smsSent(1), '6 hours', 16);

    const task = t.stack.env.client.workflow.getHandle('call-task/q-1/escalation/quote-q-1/1.otherwise.1.3');
    const opened = async (): Promise<boolean> => (await task.query(callTaskQuery).catch(() => undefined))?.status === 'open';
    await passTimeUntil(opened, '6 hours', 24);
    expect(await task.query(callTaskQuery)).toMatchObject({ customerName: 'امید', phone: '+989121234567', assignee: 'agents' });
    expect(await run.result()).toBe('completed');
  });
});
