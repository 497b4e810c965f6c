import { describe, expect, it } from 'vitest';
import { contactStateQuery } from '../workflows/index.js';
import { emailTemplate, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { useStack } from './support/useStack.js';

const quoteFollowUp = sequence({
  id: 'quote-follow-up',
  trigger: { event: 'quote_requested' },
  steps: [
    send('1', 'quote'),
    { kind: 'send', id: '2', label: 'send sms: quote', channel: 'sms', template: 'quote' },
    { kind: 'call_task', id: '3', label: 'call about the quote', assignee: 'sales', priority: 'high', template: 'script' },
  ],
  templates: {
    quote: { ...emailTemplate('quote'), sms: { fa: { text: '{{ customer.name }} عزیز، پیش‌فاکتور شما آماده است.' } } },
    script: { call_task: { fa: { text: 'با {{ customer.name }} درباره پیش‌فاکتور تماس بگیرید.' } } },
  },
});

const enrollmentOf = (customerId: string) => `enrollment/quote-follow-up/${customerId}/q-${customerId}`;
const callTaskOf = (customerId: string) => `call-task/${customerId}/quote-follow-up/q-${customerId}/3`;

/** Phones are read at intake: a valid one is kept in E.164; nobody texts or calls one that is not. */
describe('phones normalised at intake; an invalid number gets no SMS and no call task', () => {
  const kavenegar = fakeKavenegar();
  const t = useStack(async () => ({ definitions: [quoteFollowUp], kavenegarUrl: await kavenegar.start() }), () => kavenegar.stop());
  const get = async (kind: string, id: string) => t.stack.api.inject({ url: `/v1/${kind}/${encodeURIComponent(id)}` });
  const profileOf = async (customerId: string) => (await t.stack.env.client.workflow.getHandle(`contact/${customerId}`).query(contactStateQuery)).profile;
  const requestQuote = (customerId: string, phone: string) =>
    post(t.stack, { eventId: `q-${customerId}`, type: 'quote_requested', customerId, customer: { email: `${customerId}@example.com`, name: 'سارا', phone } });

  it('an invalid number: the email goes, the SMS and the call task are skipped with the reason; a valid number later clears the mark', async () => {
    await requestQuote('ph-1', '12345');
    await eventually(async () => {
      const { timeline } = (await get('enrollments', enrollmentOf('ph-1'))).json();
      expect(timeline.done).toEqual([
        expect.objectContaining({ stepId: '1', outcome: 'done' }),
        expect.objectContaining({ stepId: '2', outcome: 'skipped', detail: expect.stringMatching(/^invalid phone number \(customer\.phone\): "12345" is not a valid/) }),
        expect.objectContaining({ stepId: '3', outcome: 'skipped', detail: expect.stringContaining('invalid phone number') }),
      ]);
    });
    expect(kavenegar.requests).toEqual([]);
    expect((await get('call-tasks', callTaskOf('ph-1'))).statusCode).toBe(404);
    expect(await profileOf('ph-1')).toMatchObject({ phone: '12345', phone_invalid: expect.stringContaining('not a valid phone number') });
    await keepHistory(t.stack.env.client.workflow.getHandle(enrollmentOf('ph-1')), 'enrollment-invalid-phone-skipped');

    await post(t.stack, { type: 'profile_changed', customerId: 'ph-1', customer: { phone: '0912 123 4567' } });
    await eventually(async () => expect(await profileOf('ph-1')).toMatchObject({ phone: '+989121234567', phone_invalid: null }));
  });

  it('a valid number in any common form is kept in E.164, and the call task shows it', async () => {
    await requestQuote('ph-2', '۰۹۱۲ ۱۲۳ ۴۵۶۷');
    await eventually(async () => expect((await get('call-tasks', callTaskOf('ph-2'))).json()).toMatchObject({ phone: '+989121234567' }));
    expect(await profileOf('ph-2')).toMatchObject({ phone: '+989121234567', phone_invalid: null });
  });
});
