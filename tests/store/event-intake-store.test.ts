import { WorkflowNotFoundError } from '@temporalio/client';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { buildApi } from '../../src/api/server.js';
import { createStore } from '../../src/store/store.js';
import { post } from '../support/events.js';
import { freshPostgresDatabase, postgresUnavailable } from '../support/postgresDatabase.js';
import { apiDeps, silentLog, testLinks } from '../support/stack.js';
import { useStack } from '../support/useStack.js';

/** Every accepted event lands in the customer store before Temporal hears of it; the API reads people from there. */
describe('event intake and the customer store', () => {
  const t = useStack({ definitions: [] });

  it('records the profile and identities of an accepted event, and GET /v1/customers/:id reads them from the store', async () => {
    await post(t.stack, { type: 'purchase', customerId: 'sara', occurredAt: '2026-11-20T10:00:00Z', customer: { name: 'سارا', email: 'Sara@Example.ir', phone: '09121234567' } });
    // Happened before, arrived after: the store keeps the newer name.
    await post(t.stack, { type: 'profile_updated', customerId: 'sara', occurredAt: '2026-11-19T10:00:00Z', customer: { name: 'old name', plan: 'pro' } });
    const stored = await t.stack.store.getCustomer('sara');
    // The phone as intake normalised it (E.164), with no invalid mark.
    expect(stored?.profile).toEqual({ name: 'سارا', email: 'Sara@Example.ir', phone: '+989121234567', phone_invalid: null, plan: 'pro' });

    const answer = await t.stack.api.inject({ url: '/v1/customers/sara' });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({
      customerId: 'sara',
      profile: stored?.profile,
      consent: { unsubscribed: false, suppressed: [] },
      identities: [
        { kind: 'email', value: 'sara@example.ir' },
        { kind: 'phone', value: '+989121234567' },
      ],
    });
  });

  it('keeps consent when the contact workflow is terminated: the customer still reads as unsubscribed', async () => {
    await post(t.stack, { type: 'signup', customerId: 'leaving', customer: { email: 'leaving@example.ir' } });
    await post(t.stack, { type: 'unsubscribed', customerId: 'leaving' });
    await t.stack.env.client.workflow.getHandle('contact/leaving').terminate('ops cleaning up');

    const answer = await t.stack.api.inject({ url: '/v1/customers/leaving' });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ consent: { unsubscribed: true }, profile: { email: 'leaving@example.ir' }, activeEnrollments: [] });
    expect((await t.stack.api.inject({ url: '/v1/customers/never-seen' })).statusCode).toBe(404);
  });

  it('GET /v1/customers/:id/timeline pages events and ledger entries, newest first', async () => {
    for (const [eventId, minute] of [['signup-1', '00'], ['order-1', '05'], ['opened-1', '20']] as const) {
      await post(t.stack, { eventId, type: eventId.replace(/-1$/, '').replace('opened', 'email_opened').replace('order', 'purchase'), customerId: 'paged', occurredAt: `2026-11-20T10:${minute}:00Z` });
    }
    await t.stack.store.appendLedger({ customerId: 'paged', kind: 'message.sent', subject: 'enrollment/welcome/paged/order-1#welcome-email', sequenceId: 'welcome', occurredAt: new Date('2026-11-20T10:10:00Z'), details: { channel: 'email' } });

    const first = await t.stack.api.inject({ url: '/v1/customers/paged/timeline?limit=2' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toEqual([
      { source: 'event', type: 'email_opened', eventId: 'opened-1', occurredAt: '2026-11-20T10:20:00.000Z', data: {} },
      { source: 'ledger', type: 'message.sent', subject: 'enrollment/welcome/paged/order-1#welcome-email', occurrence: '', sequenceId: 'welcome', occurredAt: '2026-11-20T10:10:00.000Z', data: { channel: 'email' } },
    ]);
    const second = await t.stack.api.inject({ url: `/v1/customers/paged/timeline?limit=2&before=${first.json().next}` });
    expect(second.json().items.map((item: { eventId: string }) => item.eventId)).toEqual(['order-1', 'signup-1']);
    expect(second.json().next).toBeUndefined();

    const badCursor = await t.stack.api.inject({ url: '/v1/customers/paged/timeline?before=not-a-cursor' });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.message).toMatch(/^before: /);
    expect((await t.stack.api.inject({ url: '/v1/customers/never-seen/timeline' })).statusCode).toBe(404);
  });

  it.skipIf(postgresUnavailable())('answers 503 store_unavailable and starts nothing in Temporal while the store is down', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const store = await createStore({ databaseUrl });
    const { client, taskQueue } = { client: t.stack.env.client, taskQueue: t.stack.taskQueue };
    const api = await buildApi(apiDeps({ client, taskQueue, sequences: t.stack.sequences, links: testLinks, store }), silentLog);
    try {
      const admin = new pg.Client({ connectionString: inject('databaseUrl') });
      await admin.connect();
      await admin.query(`drop database ${admin.escapeIdentifier(new URL(databaseUrl).pathname.slice(1))} with (force)`);
      await admin.end();

      const refused = await api.inject({ method: 'POST', url: '/v1/events', payload: { eventId: 'while-down', type: 'purchase', customerId: 'unlucky', customer: { name: 'Reza' } } });
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.json().error).toMatchObject({ code: 'store_unavailable', message: 'the event was not stored; retry later with the same eventId' });
      await expect(client.workflow.getHandle('contact/unlucky').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
      expect((await api.inject({ url: '/v1/customers/unlucky' })).json().error.code).toBe('store_unavailable');
    } finally {
      await api.close();
      await store.close();
    }
  });
});
