import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_LIMITS } from '../src/events/limits.js';
import { apiWithoutTemporal } from './support/stack.js';

const purchase = { eventId: 'e1', type: 'purchase', customerId: 'c-1' };

/**
 * Every event is checked in full before it goes near Temporal. Nothing listens on Temporal's port here,
 * so an event that got past the checks would be answered 503 "retry later": each refusal below is a
 * permanent 4xx with a stable code, the same on the single and the batch route.
 */
describe('event checks before Temporal (no Temporal: nothing listens on its port)', async () => {
  const { api, close } = await apiWithoutTemporal();
  afterAll(close);
  /** Events go as JSON text: JSON.stringify could not write the deepest ones. */
  const json = (event: unknown): string => (typeof event === 'string' ? event : JSON.stringify(event));
  const headers = { 'content-type': 'application/json' };
  const one = async (event: unknown) => {
    const response = await api.inject({ method: 'POST', url: '/v1/events', headers, payload: json(event) });
    return { status: response.statusCode, error: response.json().error };
  };
  const batchItem = async (event: unknown) => {
    const response = await api.inject({ method: 'POST', url: '/v1/events/batch', headers, payload: `{"events":[${json(event)}]}` });
    expect(response.json()).toMatchObject({ rejected: 1 });
    return response.json().results[0].error;
  };
  const both = async (event: unknown) => ({ one: await one(event), batch: await batchItem(event) });

  describe('one strict schema on both routes: nothing dropped, nothing coerced', () => {
    it('refuses an unknown top-level field (a misspelt occurredAt), naming it', async () => {
      const { one: single, batch } = await both({ ...purchase, occuredAt: '2026-11-25T10:00:00Z' });
      expect(single).toMatchObject({ status: 400, error: { code: 'invalid_request', message: expect.stringContaining('occuredAt') } });
      expect(batch).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('occuredAt') });
    });

    it('refuses a number where a string belongs instead of turning it into one', async () => {
      const { one: single, batch } = await both({ ...purchase, eventId: 123 });
      expect(single).toMatchObject({ status: 400, error: { code: 'invalid_request', details: [{ path: 'eventId' }] } });
      expect(batch).toMatchObject({ code: 'invalid_request', details: [{ path: 'eventId' }] });
    });

    it('the batch envelope is strict too: no extra field, no lone event taken for a list', async () => {
      const extra = await api.inject({ method: 'POST', url: '/v1/events/batch', payload: { events: [purchase], dryRun: true } });
      expect(extra.statusCode).toBe(400);
      expect(extra.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('dryRun') });
      const lone = await api.inject({ method: 'POST', url: '/v1/events/batch', payload: { events: purchase } });
      expect(lone.statusCode).toBe(400);
      expect(lone.json().error).toMatchObject({ code: 'invalid_request', details: [{ path: 'events' }] });
    });
  });

  describe('occurredAt within bounds', () => {
    it('refuses a time far in the future with 422 naming occurredAt', async () => {
      const { one: single, batch } = await both({ ...purchase, occurredAt: '9999-12-31T00:00:00Z' });
      expect(single).toMatchObject({ status: 422, error: { code: 'occurred_at_out_of_range', details: [{ path: 'occurredAt' }] } });
      expect(batch).toMatchObject({ code: 'occurred_at_out_of_range', details: [{ path: 'occurredAt' }] });
      const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
      expect(await one({ ...purchase, occurredAt: inAnHour })).toMatchObject({ status: 422, error: { message: expect.stringContaining('5 minutes') } });
    });

    it('refuses a time before 2000', async () => {
      expect(await one({ ...purchase, occurredAt: '1970-01-01T00:00:00Z' })).toMatchObject({ status: 422, error: { code: 'occurred_at_out_of_range' } });
    });

    it('takes a sender clock a minute ahead (it goes on to Temporal)', async () => {
      const aMinuteAhead = new Date(Date.now() + 60_000).toISOString();
      expect(await one({ ...purchase, occurredAt: aMinuteAhead })).toMatchObject({ status: 503, error: { code: 'temporal_unavailable' } });
    });
  });

  describe('limits: permanent problems are 4xx, never "retry later"', () => {
    /** The purchase with `data` nested `depth` objects deep, as JSON text. */
    const nested = (depth: number): string => `${JSON.stringify(purchase).slice(0, -1)},"data":${'{"a":'.repeat(depth)}"bottom"${'}'.repeat(depth)}}`;

    it('a body nested 10,000 deep is 422 nesting_too_deep, on both routes', async () => {
      const { one: single, batch } = await both(nested(10_000));
      expect(single).toMatchObject({ status: 422, error: { code: 'nesting_too_deep', details: [{ path: expect.stringMatching(/^data\.a\.a/) }] } });
      expect(batch).toMatchObject({ code: 'nesting_too_deep' });
      // Up to the limit is fine: the event itself is level 1, `data` level 2.
      expect(await one(nested(EVENT_LIMITS.nestingDepth - 1))).toMatchObject({ status: 503 });
      expect(await one(nested(EVENT_LIMITS.nestingDepth))).toMatchObject({ status: 422 });
    });

    it('a NUL character anywhere (a value, a key, an ID) is 422 invalid_character naming where, not a store failure to retry', async () => {
      const { one: single, batch } = await both({ ...purchase, data: { note: 'a\u0000b' } });
      expect(single).toMatchObject({ status: 422, error: { code: 'invalid_character', details: [{ path: 'data.note' }] } });
      expect(batch).toMatchObject({ code: 'invalid_character', details: [{ path: 'data.note' }] });
      expect(await one({ ...purchase, customer: { ['na\u0000me']: 'x' } })).toMatchObject({ status: 422, error: { details: [{ path: 'customer.na\u0000me' }] } });
      expect(await one({ ...purchase, eventId: 'order\u0000' })).toMatchObject({ status: 422, error: { code: 'invalid_character', details: [{ path: 'eventId' }] } });
    });

    it('one 2 MB event in a batch is rejected as event_too_large; a large single event is 413 the same way', async () => {
      const big = { ...purchase, data: { blob: 'x'.repeat(2_000_000) } };
      expect(await batchItem(big)).toMatchObject({ code: 'event_too_large', message: expect.stringContaining(String(EVENT_LIMITS.eventBytes)) });
      const justOver = { ...purchase, data: { blob: 'x'.repeat(EVENT_LIMITS.eventBytes) } };
      expect(await one(justOver)).toMatchObject({ status: 413, error: { code: 'event_too_large' } });
    });

    it('a profile field too large, or too many fields, is 422 profile_too_large naming the field', async () => {
      const { one: single, batch } = await both({ ...purchase, customer: { name: 'س'.repeat(600) } });
      expect(single).toMatchObject({ status: 422, error: { code: 'profile_too_large', details: [{ path: 'customer.name' }] } });
      expect(batch).toMatchObject({ code: 'profile_too_large', details: [{ path: 'customer.name' }] });
      const many = Object.fromEntries(Array.from({ length: EVENT_LIMITS.profileFields + 1 }, (_, index) => [`field_${index}`, index]));
      expect(await one({ ...purchase, customer: many })).toMatchObject({ status: 422, error: { code: 'profile_too_large', details: [{ path: 'customer' }] } });
    });
  });

  describe('time zones', () => {
    it('refuses a zone that is not an IANA name with 422 naming customer.timezone (not silently Tehran)', async () => {
      const { one: single, batch } = await both({ ...purchase, customer: { timezone: 'Tehran' } });
      expect(single).toMatchObject({ status: 422, error: { code: 'invalid_timezone', details: [{ path: 'customer.timezone' }] } });
      expect(batch).toMatchObject({ code: 'invalid_timezone' });
      expect(await one({ ...purchase, customer: { timezone: 'Europe/Berlin' } })).toMatchObject({ status: 503 });
    });
  });
});
