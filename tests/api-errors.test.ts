import { afterAll, describe, expect, it } from 'vitest';
import { apiWithoutTemporal } from './support/stack.js';

const purchase = { eventId: 'e1', type: 'purchase', customerId: 'c-1' };

/** Every error leaves as `{ error: { code, message } }` with a stable code, whatever raised it. */
describe('API error answers (no Temporal: nothing listens on its port)', async () => {
  const { api, close } = await apiWithoutTemporal();
  afterAll(close);
  const errorOf = (response: { statusCode: number; json(): unknown }) => ({ status: response.statusCode, error: (response.json() as { error: unknown }).error });

  it('400 for JSON that does not parse, naming the reason', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload: '{"eventId":' });
    expect(errorOf(response)).toMatchObject({ status: 400, error: { code: 'invalid_request', message: expect.any(String) } });
  });

  it('400 for a body without eventId, naming the field', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', payload: { type: 'purchase', customerId: 'c-1' } });
    expect(errorOf(response)).toMatchObject({ status: 400, error: { code: 'invalid_request', message: expect.stringContaining('eventId') } });
  });

  it('400 for an event type that is not snake_case', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', payload: { eventId: 'e1', type: 'Purchase!', customerId: 'c-1' } });
    expect(errorOf(response)).toMatchObject({ status: 400, error: { code: 'invalid_request' } });
  });

  it('415 for a body that is not JSON', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'text/plain' }, payload: 'purchase' });
    expect(errorOf(response)).toMatchObject({ status: 415, error: { code: 'unsupported_media_type' } });
  });

  it('413 for a body over 1 MiB', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', payload: { ...purchase, data: { blob: 'x'.repeat(1_100_000) } } });
    expect(errorOf(response)).toMatchObject({ status: 413, error: { code: 'payload_too_large' } });
  });

  it('422 when a documented event type carries data that does not fit it, with every problem', async () => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', payload: { ...purchase, type: 'survey_answered', data: { nps: 11 } } });
    expect(errorOf(response)).toMatchObject({
      status: 422,
      error: { code: 'invalid_event_data', details: [{ path: 'data.nps', message: expect.stringContaining('10') }] },
    });
    const call = await api.inject({ method: 'POST', url: '/v1/events', payload: { ...purchase, type: 'call_completed', data: {} } });
    expect(errorOf(call)).toMatchObject({ status: 422, error: { details: [{ path: 'data.outcome' }] } });
    const callback = await api.inject({ method: 'POST', url: '/v1/events', payload: { ...purchase, type: 'call_completed', data: { outcome: 'callback_requested', callbackAt: 'soon' } } });
    expect(errorOf(callback)).toMatchObject({ status: 422, error: { details: [{ path: 'data.callbackAt' }] } });
    const complete = await api.inject({ method: 'POST', url: `/v1/call-tasks/${encodeURIComponent('call-task/c-1/s/e/1')}/complete`, payload: { outcome: 'callback_requested', callbackAt: 'soon' } });
    expect(errorOf(complete)).toMatchObject({ status: 400, error: { code: 'invalid_request', message: expect.stringContaining('callbackAt') } });
  });

  it('422 for the shipped sequences\' billing, cart and consent events when their data does not fit', async () => {
    const post = (type: string, data: Record<string, unknown>) => api.inject({ method: 'POST', url: '/v1/events', payload: { ...purchase, type, data } });
    // A cart reminder needs what was left and the way back to it.
    expect(errorOf(await post('cart_abandoned', { items: 0 }))).toMatchObject({
      status: 422,
      error: { code: 'invalid_event_data', details: [{ path: 'data.product' }, { path: 'data.cart_url' }, { path: 'data.items' }] },
    });
    expect(errorOf(await post('cart_abandoned', { product: 'کفش', cart_url: 'not a link' }))).toMatchObject({ status: 422, error: { details: [{ path: 'data.cart_url' }] } });
    expect(errorOf(await post('payment_succeeded', { amount: -1 }))).toMatchObject({ status: 422, error: { details: [{ path: 'data.amount' }] } });
    expect(errorOf(await post('payment_failed', { attempt: 0 }))).toMatchObject({ status: 422, error: { details: [{ path: 'data.attempt' }] } });
    // A subscribe for a channel Peygir does not send on would otherwise read as "every channel".
    expect(errorOf(await post('subscribed', { channel: 'fax' }))).toMatchObject({ status: 422, error: { details: [{ path: 'data.channel' }] } });
  });

  it('404 for an unknown route, and for ids that are not of the resource', async () => {
    expect(errorOf(await api.inject({ url: '/v1/nothing' }))).toMatchObject({ status: 404, error: { code: 'not_found' } });
    expect(errorOf(await api.inject({ url: `/v1/enrollments/${encodeURIComponent('contact/c-1')}` }))).toMatchObject({
      status: 404,
      error: { code: 'enrollment_not_found' },
    });
    const enroll = await api.inject({ method: 'POST', url: '/v1/sequences/nope/enroll', payload: { requestId: 'r1', customers: [{ customerId: 'c-1' }] } });
    expect(errorOf(enroll)).toMatchObject({ status: 404, error: { code: 'sequence_not_found' } });
  });

  it('503 with Retry-After when Temporal does not take an event; a batch Temporal took none of is a 503 too', async () => {
    const one = await api.inject({ method: 'POST', url: '/v1/events', payload: purchase });
    expect(errorOf(one)).toMatchObject({ status: 503, error: { code: 'temporal_unavailable' } });
    expect(one.headers['retry-after']).toBe('5');

    const batch = await api.inject({ method: 'POST', url: '/v1/events/batch', payload: { events: [purchase, { ...purchase, eventId: 'e2', customerId: 'c-2' }] } });
    expect(errorOf(batch)).toMatchObject({ status: 503, error: { code: 'temporal_unavailable' } });
    expect(batch.headers['retry-after']).toBe('5');
  });

  it('400 for a batch over the limit', async () => {
    const events = Array.from({ length: 501 }, (_, index) => ({ ...purchase, eventId: `e${index}` }));
    const response = await api.inject({ method: 'POST', url: '/v1/events/batch', payload: { events } });
    expect(errorOf(response)).toMatchObject({ status: 400, error: { code: 'invalid_request', message: expect.stringContaining('500') } });
  });

  it('readyz is 503 naming Temporal while healthz stays 200', async () => {
    expect((await api.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await api.inject({ url: '/readyz' });
    expect(errorOf(ready)).toMatchObject({ status: 503, error: { code: 'not_ready', details: { checks: { temporal: expect.stringContaining('unreachable'), worker: 'running' } } } });
  });

  it('every answer carries a request id, and keeps the caller’s', async () => {
    expect((await api.inject({ url: '/healthz' })).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.inject({ url: '/healthz', headers: { 'x-request-id': 'shop-req-7' } })).headers['x-request-id']).toBe('shop-req-7');
  });
});
