import { describe, expect, it } from 'vitest';
import { contactStateQuery, timelineQuery } from '../workflows/index.js';
import { emailTemplate, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { startedRun } from './support/runs.js';

const reachOut = sequence({
  id: 'reach-out',
  trigger: { event: 'payment_failed' },
  steps: [
    {
      kind: 'escalate',
      id: '1',
      label: 'escalate',
      ladder: [
        { channel: 'email', template: 'notice', wait: { days: 2 } },
        { channel: 'sms', template: 'notice' },
      ],
      until: ['payment_succeeded'],
    },
  ],
  templates: { notice: { ...emailTemplate('notice'), sms: { fa: { text: 'پرداخت شما ناموفق بود.' } } } },
});

describe('a hard bounce fails over to the next channel at once', () => {
  const kavenegar = fakeKavenegar();
  const t = useStack(
    async () => ({ smtp: { unknownRecipients: ['gone@example.com'] }, definitions: [reachOut], kavenegarUrl: await kavenegar.start() }),
    () => kavenegar.stop(),
  );

  it('550 user unknown: the email rung is recorded as failed and the SMS goes out without waiting two days', async () => {
    await post(t.stack, { eventId: 'pf-1', type: 'payment_failed', customerId: 'b1', customer: { email: 'gone@example.com', name: 'بابک', phone: '09121234567' } });
    const run = await startedRun(t.stack, 'enrollment/reach-out/b1/pf-1');
    expect(await run.result()).toBe('completed');

    const { done } = await run.query(timelineQuery);
    expect(done.map((entry) => `${entry.stepId}:${entry.outcome}`)).toEqual(['1.1:failed', '1.2:done', '1:done']);
    expect(done[0]?.detail).toMatch(/^EmailRejected: .*550/);
    // No two-day wait between the bounce and the SMS.
    expect(Date.parse(done[1]?.at ?? '') - Date.parse(done[0]?.at ?? '')).toBeLessThan(60_000);
    expect(kavenegar.requests.filter((request) => request.apiMethod === 'sms/send')).toHaveLength(1);
    expect(t.smtp.messages).toHaveLength(0);

    // The address is suppressed for every sequence, not just this run.
    const contact = t.stack.env.client.workflow.getHandle('contact/b1');
    await eventually(async () => expect((await contact.query(contactStateQuery)).consent).toEqual({ unsubscribed: false, suppressed: ['email'] }));
  });
});
