import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { customerFacts } from '../../src/store/schema.js';
import { createStore } from '../../src/store/store.js';
import { viewFacts } from '../../workflows/facts.js';
import { freshPostgresDatabase, postgresUnavailable } from '../support/postgresDatabase.js';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

describe.each(storeBackends())('customer facts and lifecycle stages on $name', (backend) => {
  const t = useStore(backend);
  const { test } = t;

  test('counts each event type with its first and last time, orders, revenue per currency and the last product', async () => {
    const customerId = 'facts-1';
    await t.store.recordEvent({ eventId: 'p2', type: 'purchase', customerId, occurredAt: '2026-11-20T10:00:00Z', data: { amount: 200, product: 'کتاب', currency: 'toman' } });
    // Happened earlier, arrived later: counted, but the last product stays the later one.
    await t.store.recordEvent({ eventId: 'p1', type: 'purchase', customerId, occurredAt: '2026-11-10T10:00:00Z', data: { amount: 100, product: 'قلم' } });
    await t.store.recordEvent({ eventId: 'l1', type: 'login', customerId, occurredAt: '2026-11-21T10:00:00Z' });
    const redelivered = await t.store.recordEvent({ eventId: 'l1', type: 'login', customerId, occurredAt: '2026-11-21T10:00:00Z' });
    expect(redelivered.recorded).toBe(false);
    const stored = await t.store.getCustomer(customerId);
    const view = viewFacts(stored?.facts, at('2026-11-25T10:00:00Z'));
    expect(view).toMatchObject({
      orders: 2,
      revenue: 300,
      currency: 'toman',
      last_product: 'کتاب',
      events: { purchase: { count: 2, first: '2026-11-10T10:00:00.000Z', last: '2026-11-20T10:00:00.000Z' }, login: { count: 1 } },
      days_since_last_activity: 4,
    });

    await t.store.recordEvent({ eventId: 'p3', type: 'purchase', customerId, occurredAt: '2026-11-22T10:00:00Z', data: { amount: 5, currency: 'USD' } });
    const mixed = viewFacts((await t.store.getCustomer(customerId))?.facts, at('2026-11-25T10:00:00Z'));
    expect(mixed.revenue).toBeNull();
    expect(mixed.revenue_by_currency).toEqual({ toman: 300, USD: 5 });
  });

  test('a message outcome is not activity; days since the last activity are Asia/Tehran days', async () => {
    const customerId = 'facts-2';
    // 23:00 Tehran on the 20th …
    await t.store.recordEvent({ eventId: 'v', type: 'login', customerId, occurredAt: '2026-11-20T19:30:00Z' });
    await t.store.recordEvent({ eventId: 'o', type: 'email_opened', customerId, occurredAt: '2026-11-23T10:00:00Z' });
    const facts = (await t.store.getCustomer(customerId))?.facts;
    // … to 01:00 Tehran on the 21st is one day.
    expect(viewFacts(facts, at('2026-11-20T21:30:00Z')).days_since_last_activity).toBe(1);
    expect(facts?.lastActivityAt).toBe('2026-11-20T19:30:00.000Z');
  });

  test('stages follow the facts: new, then at_risk and churned (passive) by the clock, won back by the next event', async () => {
    const customerId = 'stage-1';
    const start = at('2026-01-01T08:00:00Z');
    await t.store.recordEvent({ eventId: 's', type: 'signup', customerId, occurredAt: start.toISOString() }, start);
    expect((await t.store.getCustomer(customerId))?.lifecycle).toMatchObject({ stage: 'new', churnType: null });
    expect((await t.store.customersInStage({ stage: 'new', limit: 10 })).customers.map((c) => c.customerId)).toContain(customerId);

    const clock = async (day: number) => (await t.store.advanceLifecycles(new Date(start.getTime() + day * DAY), 100)).changes.filter((c) => c.customerId === customerId);
    expect(await clock(10)).toEqual([]);
    expect((await clock(31)).map((change) => change.data)).toEqual([{ stage: 'at_risk', previous_stage: 'new', churn_type: null }]);
    expect(await clock(32)).toEqual([]);
    const churned = await clock(61);
    expect(churned.map((change) => change.data)).toEqual([{ stage: 'churned', previous_stage: 'at_risk', churn_type: 'passive' }]);
    // The clock's change is kept as an event, once: asking again finds nothing due.
    expect(await clock(61)).toEqual([]);
    const timeline = await t.store.customerTimeline(customerId, { limit: 10 });
    expect(timeline.items.filter((item) => item.type === 'lifecycle_changed')).toHaveLength(2);
    expect((await t.store.customersInStage({ stage: 'churned', churnType: 'passive', limit: 10 })).customers.map((c) => c.customerId)).toContain(customerId);

    const back = new Date(start.getTime() + 70 * DAY);
    const result = await t.store.recordEvent({ eventId: 'b', type: 'purchase', customerId, occurredAt: back.toISOString(), data: { amount: 10 } }, back);
    expect(result.lifecycle).toMatchObject({ eventId: 'lifecycle/b', type: 'lifecycle_changed', data: { stage: 'won_back', previous_stage: 'churned', churn_type: null } });
    // A redelivery of the cause gets the same change again (for a contact that did not hear it).
    expect((await t.store.recordEvent({ eventId: 'b', type: 'purchase', customerId, occurredAt: back.toISOString(), data: { amount: 10 } }, back)).lifecycle?.eventId).toBe('lifecycle/b');
  });

  test('churn types: involuntary after an unpaid failure, voluntary on cancelling, competitive with a reason', async () => {
    const now = at('2026-06-01T08:00:00Z');
    const later = (days: number) => new Date(now.getTime() + days * DAY);
    await t.store.recordEvent({ eventId: 'a', type: 'login', customerId: 'pay' }, now);
    await t.store.recordEvent({ eventId: 'f', type: 'payment_failed', customerId: 'pay', occurredAt: later(1).toISOString() }, later(1));
    const unpaid = (await t.store.advanceLifecycles(later(5), 100)).changes.find((c) => c.customerId === 'pay');
    expect(unpaid?.data).toEqual({ stage: 'churned', previous_stage: 'new', churn_type: 'involuntary' });

    await t.store.recordEvent({ eventId: 'a', type: 'login', customerId: 'cancel' }, now);
    const cancelled = await t.store.recordEvent({ eventId: 'c', type: 'account_closed', customerId: 'cancel', occurredAt: later(1).toISOString() }, later(1));
    expect(cancelled.lifecycle?.data).toEqual({ stage: 'churned', previous_stage: 'new', churn_type: 'voluntary' });

    await t.store.recordEvent({ eventId: 'a', type: 'login', customerId: 'rival' }, now);
    const left = await t.store.recordEvent({ eventId: 'c', type: 'subscription_cancelled', customerId: 'rival', occurredAt: later(1).toISOString(), data: { competitor: 'digikala' } }, later(1));
    expect(left.lifecycle?.data).toEqual({ stage: 'churned', previous_stage: 'new', churn_type: 'competitive' });
  });

  test('erasure keeps the counts and removes the last product', async () => {
    await t.store.recordEvent({ eventId: 'p', type: 'purchase', customerId: 'erased-facts', data: { amount: 1, product: 'رمان' } });
    await t.store.eraseCustomer('erased-facts');
    const facts = (await t.store.getCustomer('erased-facts'))?.facts;
    expect(facts?.orders).toBe(1);
    expect(facts?.lastProduct).toBeUndefined();
  });
});

/** A customer whose events were recorded before facts existed (no `customer_facts` row): their next event counts them all. */
describe.each([
  { name: 'PGlite', unavailable: '', location: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'peygir-facts-')) }) },
  { name: 'PostgreSQL', unavailable: postgresUnavailable(), location: async () => ({ databaseUrl: await freshPostgresDatabase() }) },
])('facts rebuilt from earlier events on $name', ({ unavailable, location }) => {
  it.skipIf(Boolean(unavailable))('counts the events recorded before the customer had facts, once', async () => {
    const where = await location();
    const before = await createStore(where);
    await before.recordEvent({ eventId: 'p1', type: 'purchase', customerId: 'old', occurredAt: '2026-10-01T10:00:00Z', data: { amount: 100, product: 'قلم' } });
    await before.recordEvent({ eventId: 'l1', type: 'login', customerId: 'old', occurredAt: '2026-10-02T10:00:00Z' });
    await before.close();
    const database = await openDatabase(where);
    await database.db.delete(customerFacts);
    await database.close();

    const store = await createStore(where);
    try {
      const outcome = await store.recordEvent({ eventId: 'p2', type: 'purchase', customerId: 'old', occurredAt: '2026-09-01T10:00:00Z', data: { amount: 50, product: 'کتاب' } });
      expect(outcome.facts).toMatchObject({ orders: 2, revenueByCurrency: { toman: 150 }, lastProduct: 'قلم', events: { purchase: { count: 2, first: '2026-09-01T10:00:00.000Z' }, login: { count: 1 } } });
      await store.recordEvent({ eventId: 'l2', type: 'login', customerId: 'old', occurredAt: '2026-10-03T10:00:00Z' });
      expect((await store.getCustomer('old'))?.facts?.events.login?.count).toBe(2);
    } finally {
      await store.close();
    }
  });
});
