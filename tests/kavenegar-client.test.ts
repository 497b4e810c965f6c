import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKavenegarClient } from '../activities/channels/kavenegar/client.js';
import { deliveryOutcome, KavenegarError, RATE_LIMIT_DELAY_MS } from '../activities/channels/kavenegar/errors.js';
import { API_KEY, fakeKavenegar, kavenegarReply } from './support/kavenegarServer.js';

const RECEPTOR = '09121234567';
const HELLO = { receptor: RECEPTOR, message: 'سلام' };

async function kavenegarFailure(promise: Promise<unknown>): Promise<KavenegarError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KavenegarError);
  return error as KavenegarError;
}

const fake = fakeKavenegar();
let baseUrl = '';
const client = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  createKavenegarClient({ apiKey: API_KEY, baseUrl, ...options });

beforeAll(async () => {
  baseUrl = await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.override = undefined;
  fake.requests.length = 0;
});

describe('Kavenegar client: requests and parsed answers', () => {
  it('sends an SMS as a form POST to /v1/<key>/sms/send.json and returns the typed entries', async () => {
    const message = 'سلام علی، سفارش شما ارسال شد. پیگیری: ۱۲۳۴';
    const entries = await client().sendSms({
      receptor: RECEPTOR,
      message,
      sender: '2000500666',
      localId: 'order-42-step-1',
      date: new Date('2024-03-20T08:00:00Z'),
    });

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ httpMethod: 'POST', apiMethod: 'sms/send' });
    expect(request?.contentType).toContain('application/x-www-form-urlencoded');
    expect(request?.form).toEqual({
      receptor: RECEPTOR,
      message,
      sender: '2000500666',
      localid: 'order-42-step-1',
      date: String(Date.UTC(2024, 2, 20, 8) / 1000),
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.messageid).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({
      message,
      status: 1,
      statustext: 'در صف ارسال',
      sender: '2000500666',
      receptor: RECEPTOR,
      date: 1_700_000_000,
      cost: 1120,
    });
  });

  it('leaves optional fields out of the body', async () => {
    await client().sendSms(HELLO);
    expect(fake.requests[0]?.form).toEqual(HELLO);
  });

  it('posts verify/lookup with template, tokens and type', async () => {
    const lookup = { receptor: RECEPTOR, template: 'peygir-otp', token: '4821', type: 'sms' } as const;
    const [entry] = await client().verifyLookup(lookup);
    expect(fake.requests[0]).toMatchObject({ apiMethod: 'verify/lookup', form: lookup });
    expect(entry?.message).toBe('کد تایید شما: 4821');
  });

  it('posts call/maketts with the text to read out', async () => {
    const message = 'نوبت شما فردا ساعت ده است';
    const [entry] = await client().makeTtsCall({ receptor: RECEPTOR, message, localId: 'call-1' });
    expect(fake.requests[0]).toMatchObject({
      apiMethod: 'call/maketts',
      form: { receptor: RECEPTOR, message, localid: 'call-1' },
    });
    expect(entry?.receptor).toBe(RECEPTOR);
  });

  it('asks sms/status for several message ids at once', async () => {
    const statuses = await client().status([8_792_343, '8792344']);
    expect(fake.requests[0]?.form).toEqual({ messageid: '8792343,8792344' });
    expect(statuses.map((s) => [s.messageid, deliveryOutcome(s.status)])).toEqual([
      [8_792_343, 'delivered'],
      [8_792_344, 'delivered'],
    ]);
  });

  it('finds a sent message again by our localid', async () => {
    const [sent] = await client().sendSms({ receptor: RECEPTOR, message: 'یادآوری سبد خرید', localId: 'cart-7' });
    const statuses = await client().statusByLocalId(['cart-7', 'never-sent']);

    expect(fake.requests[1]).toMatchObject({
      apiMethod: 'sms/statuslocalmessageid',
      form: { localid: 'cart-7,never-sent' },
    });
    expect(statuses).toEqual([
      { messageid: sent?.messageid, localid: 'cart-7', status: 4, statustext: 'ارسال به مخابرات' },
      { messageid: 0, localid: 'never-sent', status: 100, statustext: 'شناسه نامعتبر' },
    ]);
    expect(statuses.map((s) => deliveryOutcome(s.status))).toEqual(['pending', 'failed']);
  });
});

describe('Kavenegar client: classified failures', () => {
  it('418 insufficient credit → pause', async () => {
    fake.override = kavenegarReply(418, 'اعتبار حساب شما کافی نیست', null);
    const error = await kavenegarFailure(client().sendSms(HELLO));
    expect(error).toMatchObject({ code: 418, kind: 'pause', httpStatus: 418, retryAfterMs: undefined });
    expect(error.message).toContain('insufficient credit');
    expect(error.message).toContain('اعتبار حساب شما کافی نیست');
  });

  it('411 invalid receptor → permanent', async () => {
    fake.override = kavenegarReply(411, 'گیرنده نامعتبر است', undefined); // no entries key at all
    const error = await kavenegarFailure(client().sendSms({ receptor: '0912', message: 'سلام' }));
    expect(error).toMatchObject({ code: 411, kind: 'permanent', httpStatus: 411 });
  });

  it('451 rate limit → retry with the suggested delay, or the Retry-After header', async () => {
    fake.override = kavenegarReply(451, 'تعداد درخواست بیش از حد مجاز', null);
    const fallback = await kavenegarFailure(client().sendSms(HELLO));
    expect(fallback).toMatchObject({ code: 451, kind: 'retry', retryAfterMs: RATE_LIMIT_DELAY_MS });

    fake.override = kavenegarReply(451, 'تعداد درخواست بیش از حد مجاز', null, { 'retry-after': '5' });
    const fromHeader = await kavenegarFailure(client().sendSms(HELLO));
    expect(fromHeader).toMatchObject({ code: 451, kind: 'retry', retryAfterMs: 5000 });
  });

  it('a wrong API key (403) → pause, and the key never appears in the message', async () => {
    const error = await kavenegarFailure(client({ apiKey: 'wrong-secret-key' }).sendSms(HELLO));
    expect(error).toMatchObject({ code: 403, kind: 'pause', httpStatus: 403 });
    expect(error.message).not.toContain('wrong-secret-key');
  });

  it('an unknown status → retry with a note', async () => {
    fake.override = kavenegarReply(499, 'خطای جدید', null);
    const error = await kavenegarFailure(client().status([1]));
    expect(error).toMatchObject({ code: 499, kind: 'retry' });
    expect(error.message).toContain('unknown Kavenegar status 499');
  });

  it('HTTP 502 with an HTML page → retry, naming the status', async () => {
    const page = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    fake.override = { status: 502, headers: { 'content-type': 'text/html' }, body: page };
    const error = await kavenegarFailure(client().sendSms(HELLO));
    expect(error).toMatchObject({ code: 'bad_response', kind: 'retry', httpStatus: 502 });
    expect(error.message).toContain('HTTP 502 with a non-JSON body (text/html)');
  });

  it('a server that never answers → timeout, retry', async () => {
    fake.override = 'hang';
    const started = Date.now();
    const error = await kavenegarFailure(client({ timeoutMs: 200 }).sendSms(HELLO));
    expect(error).toMatchObject({ code: 'timeout', kind: 'retry', httpStatus: undefined });
    expect(error.message).toBe('Kavenegar sms/send: no answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a refused connection → network error, retry', async () => {
    const closed = fakeKavenegar();
    const deadUrl = await closed.start();
    await closed.stop();
    const error = await kavenegarFailure(createKavenegarClient({ apiKey: API_KEY, baseUrl: deadUrl }).status([1]));
    expect(error).toMatchObject({ code: 'network', kind: 'retry', httpStatus: undefined });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('a JSON answer without the Kavenegar envelope → clear error', async () => {
    fake.override = { status: 200, body: JSON.stringify({ ok: true }) };
    const error = await kavenegarFailure(client().status([1]));
    expect(error).toMatchObject({ code: 'bad_response', kind: 'retry', httpStatus: 200 });
    expect(error.message).toContain('unexpected response shape');
    expect(error.message).toContain('return');
  });

  it('entries of the wrong shape → clear error naming the field', async () => {
    fake.override = kavenegarReply(200, 'تایید شد', [{ messageid: 'abc', status: 10 }]);
    const error = await kavenegarFailure(client().status([1]));
    expect(error).toMatchObject({ code: 'bad_response', kind: 'retry' });
    expect(error.message).toContain('unexpected entries');
    expect(error.message).toContain('messageid');
    expect(error.message).toContain('statustext');
  });
});

describe('deliveryOutcome', () => {
  it('reduces Kavenegar delivery statuses to pending, delivered or failed', () => {
    const statuses = [1, 2, 4, 5, 6, 10, 11, 13, 14, 100];
    expect(Object.fromEntries(statuses.map((status) => [status, deliveryOutcome(status)]))).toEqual({
      1: 'pending', 2: 'pending', 4: 'pending', 5: 'pending', 10: 'delivered',
      6: 'failed', 11: 'failed', 13: 'failed', 14: 'failed', 100: 'failed',
    });
  });
});
