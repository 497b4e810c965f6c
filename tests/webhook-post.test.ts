import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostWebhook } from '../activities/channels/webhook/postWebhook.js';
import { freePort } from './support/freePort.js';
import { startHttpRecorder, type HttpRecorder, type RecordedHttpRequest } from './support/httpRecorder.js';

const SECRET = 'shared-with-the-crm-0123';

/** What a receiver does (the README tells integrators the same): recompute the HMAC over the raw body. */
function verifySignature(request: RecordedHttpRequest, secret: string): { valid: boolean; timestamp: number } {
  const header = String(request.headers['x-peygir-signature'] ?? '');
  const { t = '', v1 = '' } = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${t}.${request.body}`).digest();
  const given = Buffer.from(v1, 'hex');
  return { valid: given.length === expected.length && timingSafeEqual(given, expected), timestamp: Number(t) };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('postWebhook: signed outgoing webhooks', () => {
  let crm: HttpRecorder;
  const postWebhook = createPostWebhook({ secret: SECRET, timeoutMs: 500 });
  const delivery = (path = '/hooks/peygir') => ({
    url: `${crm.url}${path}`,
    body: { type: 'call_task', task: { id: 'task-1', customer: 'سارا', priority: 'high' } },
    idempotencyKey: 'enrollment/survey/c-9/e-3/4',
  });

  beforeAll(async () => {
    crm = await startHttpRecorder();
  });
  afterAll(() => crm?.close());
  beforeEach(() => {
    crm.requests.length = 0;
    crm.respond = () => ({ status: 200, body: '{"ok":true}' });
  });

  it('POSTs JSON with a signature the receiver can verify and a stable Idempotency-Key', async () => {
    const before = Math.floor(Date.now() / 1000);
    await expect(postWebhook(delivery())).resolves.toEqual({ status: 200 });
    await postWebhook(delivery());

    expect(crm.requests).toHaveLength(2);
    const [first, second] = crm.requests;
    expect(first).toMatchObject({ method: 'POST', url: '/hooks/peygir' });
    expect(first?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(first?.body ?? '')).toEqual(delivery().body);
    const signature = verifySignature(first as RecordedHttpRequest, SECRET);
    expect(signature.valid).toBe(true);
    expect(signature.timestamp).toBeGreaterThanOrEqual(before);
    expect(verifySignature(first as RecordedHttpRequest, 'some-other-secret-000').valid).toBe(false);
    expect(first?.headers['idempotency-key']).toBe('enrollment/survey/c-9/e-3/4');
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
  });

  it('renders Liquid in string values when given a context (webhook steps)', async () => {
    const body = { text: 'سلام {{ customer.name }}', nested: [{ total: '{{ order.total | toman }}' }], count: 3 };
    await postWebhook({ ...delivery(), body, context: { customer: { name: 'سارا' }, order: { total: 1000 } } });
    expect(JSON.parse(crm.requests[0]?.body ?? '')).toEqual({ text: 'سلام سارا', nested: [{ total: '۱٬۰۰۰ تومان' }], count: 3 });
    await expect(postWebhook({ ...delivery(), body, context: {} })).rejects.toMatchObject({ type: 'TemplateError', nonRetryable: true });
  });

  it('503 with Retry-After → retried after that delay', async () => {
    crm.respond = () => ({ status: 503, headers: { 'retry-after': '120' }, body: 'maintenance' });
    const failure = await failureOf(postWebhook(delivery()));
    expect(failure).toMatchObject({ type: 'WebhookUnavailable', nonRetryable: false, nextRetryDelay: 120_000 });
    expect(failure.details?.[0]).toEqual({ status: 503, body: 'maintenance' });
  });

  it('429 and 408 → retried; 500 without Retry-After → retried with the normal backoff', async () => {
    for (const status of [429, 408, 500]) {
      crm.respond = () => ({ status });
      const failure = await failureOf(postWebhook(delivery()));
      expect(failure, String(status)).toMatchObject({ type: 'WebhookUnavailable', nonRetryable: false });
      expect(failure.nextRetryDelay).toBeUndefined();
    }
  });

  it('400 → WebhookRejected, not retried, with the receiver\'s answer', async () => {
    crm.respond = () => ({ status: 400, body: '{"error":"unknown assignee"}' });
    const failure = await failureOf(postWebhook(delivery()));
    expect(failure).toMatchObject({ type: 'WebhookRejected', nonRetryable: true, details: [{ status: 400, body: '{"error":"unknown assignee"}' }] });
  });

  it('a redirect is not followed (it would turn the POST into a GET) → WebhookRejected', async () => {
    crm.respond = () => ({ status: 301, headers: { location: '/elsewhere' } });
    await expect(postWebhook(delivery())).rejects.toMatchObject({ type: 'WebhookRejected', nonRetryable: true });
    expect(crm.requests).toHaveLength(1);
  });

  it('no server, or one that never answers → retried', async () => {
    const refused = await failureOf(postWebhook({ ...delivery(), url: `http://127.0.0.1:${await freePort()}/hook` }));
    expect(refused).toMatchObject({ type: 'WebhookUnavailable', nonRetryable: false });
    expect(refused.message).toContain('ECONNREFUSED');

    crm.respond = () => 'hang';
    const timedOut = await failureOf(postWebhook(delivery()));
    expect(timedOut).toMatchObject({ type: 'WebhookUnavailable', nonRetryable: false });
  });

  it('a URL that is not http(s) → WebhookRejected without a request', async () => {
    await expect(postWebhook({ ...delivery(), url: 'ftp://crm.example/hook' })).rejects.toMatchObject({ type: 'WebhookRejected', nonRetryable: true });
  });
});
