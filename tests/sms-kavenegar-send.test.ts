import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAUSED_RETRY_DELAY_MS } from '../activities/channels/failures.js';
import { createKavenegarClient } from '../activities/channels/kavenegar/client.js';
import { createSmsActivities, type SendSmsInput } from '../activities/channels/sms/activities.js';
import { localIdFor } from '../activities/channels/sms/sendOnce.js';
import { API_KEY, fakeKavenegar, kavenegarReply, ok } from './support/kavenegarServer.js';
import { silentLog } from './support/stack.js';

const reminder: SendSmsInput = {
  messageKey: 'enrollment/escalate/c-7/e-1/2',
  to: '+98 ۹۱۲ ۱۲۳ ۴۵۶۷',
  locale: 'fa',
  context: { customer: { name: 'علی' }, order: { total: 250000 } },
  template: {
    sms: { fa: { text: '{{ customer.name }} عزیز، سبد خرید شما ({{ order.total | toman }}) منتظر است.' }, en: { text: 'Hi {{ customer.name }}' } },
    call: { fa: { text: 'سلام {{ customer.name }}، سفارش شما آماده است.' } },
  },
};

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

const kavenegar = fakeKavenegar();
let activities: ReturnType<typeof createSmsActivities>;
const sends = () => kavenegar.requests.filter((request) => request.apiMethod === 'sms/send' || request.apiMethod === 'call/maketts');

beforeAll(async () => {
  const baseUrl = await kavenegar.start();
  activities = createSmsActivities({ sms: createKavenegarClient({ apiKey: API_KEY, baseUrl }), log: silentLog });
});
afterAll(() => kavenegar.stop());
beforeEach(() => {
  kavenegar.override = undefined;
  kavenegar.requests.length = 0;
});

describe('sendSms through Kavenegar', () => {
  it('normalises the number, renders the Persian text and sends it with a localid from the message key', async () => {
    const result = await activities.sendSms({ ...reminder, sender: '10004346' });

    expect(sends()).toHaveLength(1);
    expect(sends()[0]?.form).toEqual({
      receptor: '09121234567',
      message: 'علی عزیز، سبد خرید شما (۲۵۰٬۰۰۰ تومان) منتظر است.',
      sender: '10004346',
      localid: localIdFor('sms', reminder.messageKey),
    });
    expect(sends()[0]?.form.localid).toMatch(/^\d{1,15}$/);
    expect(result).toMatchObject({ receptor: '09121234567', locale: 'fa', alreadySent: false, localId: localIdFor('sms', reminder.messageKey) });
    expect(result.messageId).toBeGreaterThan(0);
  });

  it('sends once: a second attempt with the same message key finds the first by localid and does not send again', async () => {
    const messageKey = 'enrollment/escalate/c-7/e-1/retry';
    const first = await activities.sendSms({ ...reminder, messageKey });
    const second = await activities.sendSms({ ...reminder, messageKey });

    expect(sends()).toHaveLength(1);
    expect(second).toEqual({ ...first, alreadySent: true });
    expect(kavenegar.requests.map((request) => request.apiMethod)).toEqual([
      'sms/statuslocalmessageid', 'sms/send', 'sms/statuslocalmessageid',
    ]);
  });

  it('418 no credit → paused: retried after a long delay (the message is not lost)', async () => {
    kavenegar.override = kavenegarReply(418, 'اعتبار حساب شما کافی نیست', null);
    const failure = await failureOf(activities.sendSms(reminder));
    expect(failure).toMatchObject({ type: 'KavenegarPaused', nonRetryable: false, nextRetryDelay: PAUSED_RETRY_DELAY_MS });
    expect(failure.message).toContain('insufficient credit');
  });

  it('451 rate limit → retried after Retry-After', async () => {
    kavenegar.override = kavenegarReply(451, 'تعداد درخواست بیش از حد مجاز', null, { 'retry-after': '7' });
    const failure = await failureOf(activities.sendSms(reminder));
    expect(failure).toMatchObject({ type: 'KavenegarUnavailable', nonRetryable: false, nextRetryDelay: 7000 });
  });

  it('a provider hiccup (HTTP 502) → retried with the normal backoff', async () => {
    kavenegar.override = { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad Gateway</h1>' };
    const failure = await failureOf(activities.sendSms(reminder));
    expect(failure).toMatchObject({ type: 'KavenegarUnavailable', nonRetryable: false });
    expect(failure.nextRetryDelay).toBeUndefined();
  });

  it('411 invalid receptor → SmsRejected with the code, not retried', async () => {
    kavenegar.override = kavenegarReply(411, 'گیرنده نامعتبر است', null);
    const failure = await failureOf(activities.sendSms(reminder));
    expect(failure).toMatchObject({ type: 'SmsRejected', nonRetryable: true, details: [{ code: 411 }] });
  });

  it('a number that is not an Iranian mobile → InvalidPhone before anything is sent', async () => {
    for (const to of ['', '021 8888 1234', '+44 7700 900123', '0912']) {
      const failure = await failureOf(activities.sendSms({ ...reminder, to }));
      expect(failure, to).toMatchObject({ type: 'InvalidPhone', nonRetryable: true });
      if (to) expect(failure.message, 'Temporal keeps failure messages unencrypted').not.toContain(to);
    }
    expect(kavenegar.requests).toHaveLength(0);
  });

  it('a template without sms text, or with a missing variable → TemplateError', async () => {
    await expect(activities.sendSms({ ...reminder, template: { email: { fa: { subject: 's', text: 't' } } } })).rejects.toMatchObject({ type: 'TemplateError', nonRetryable: true });
    await expect(activities.sendSms({ ...reminder, context: {} })).rejects.toMatchObject({ type: 'TemplateError', nonRetryable: true });
    expect(kavenegar.requests).toHaveLength(0);
  });

  it('without a Kavenegar account configured → ChannelNotConfigured', async () => {
    const unconfigured = createSmsActivities({ log: silentLog });
    await expect(unconfigured.sendSms(reminder)).rejects.toMatchObject({ type: 'ChannelNotConfigured', nonRetryable: true });
  });
});

describe('placeCall: a text-to-speech call through Kavenegar', () => {
  it('reads the call text out, once per message key', async () => {
    const first = await activities.placeCall(reminder);
    const again = await activities.placeCall(reminder);
    expect(sends().map((request) => [request.apiMethod, request.form])).toEqual([
      ['call/maketts', { receptor: '09121234567', message: 'سلام علی، سفارش شما آماده است.', localid: localIdFor('call', reminder.messageKey) }],
    ]);
    expect(again).toEqual({ ...first, alreadySent: true });
  });

  it('a rejected call → CallRejected', async () => {
    kavenegar.override = kavenegarReply(428, 'امکان ارسال تماس برای این الگو وجود ندارد', null);
    await expect(activities.placeCall(reminder)).rejects.toMatchObject({ type: 'CallRejected', nonRetryable: true });
  });
});

describe('checkSmsDelivery', () => {
  it('reduces Kavenegar statuses to delivered, failed and pending', async () => {
    kavenegar.override = ok([
      { messageid: 11, status: 10, statustext: 'رسیده به گیرنده' },
      { messageid: 12, status: 11, statustext: 'نرسیده به گیرنده' },
      { messageid: 13, status: 4, statustext: 'ارسال به مخابرات' },
    ]);
    const { deliveries } = await activities.checkSmsDelivery({ messageIds: [11, 12, 13] });
    expect(kavenegar.requests[0]?.form).toEqual({ messageid: '11,12,13' });
    expect(deliveries).toEqual([
      { messageId: 11, outcome: 'delivered', status: 10, statusText: 'رسیده به گیرنده' },
      { messageId: 12, outcome: 'failed', status: 11, statusText: 'نرسیده به گیرنده' },
      { messageId: 13, outcome: 'pending', status: 4, statusText: 'ارسال به مخابرات' },
    ]);
  });
});
