import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/store.js';
import { CustomerErasedError } from '../../src/store/erasure.js';
import { freshPostgresDatabase, postgresUnavailable } from '../support/postgresDatabase.js';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

const purchase = (customerId: string, n: number) => ({ eventId: `order-${n}`, type: 'purchase', customerId, customer: { email: `${customerId}@example.com` }, data: { amount: n } });

describe.each(storeBackends())('events recorded together on $name', (backend) => {
  const t = useStore(backend);
  const { test } = t;

  test('many events at once: each is answered for itself, and every customer has all their events counted', async () => {
    const customers = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const sent = customers.flatMap((customerId) => [1, 2, 3].map((n) => purchase(customerId, n)));
    const outcomes = await Promise.all(sent.map((event) => t.store.recordEvent(event)));
    expect(outcomes.every((outcome) => outcome.recorded)).toBe(true);
    for (const customerId of customers) {
      const customer = await t.store.getCustomer(customerId);
      // Each customer's three purchases were recorded one after the other: none read the facts from before another.
      expect(customer?.facts).toMatchObject({ orders: 3, revenueByCurrency: { toman: 6 } });
      expect(customer?.identities).toEqual([{ kind: 'email', value: `${customerId}@example.com` }]);
    }
  });

  test('an erased customer and a redelivered event in the same batch as new ones: only the new ones are recorded', async () => {
    await t.store.recordEvent(purchase('gone', 1));
    await t.store.eraseCustomer('gone');
    await t.store.recordEvent(purchase('again', 1));
    const [erased, redelivered, fresh] = await Promise.allSettled([
      t.store.recordEvent(purchase('gone', 2)),
      t.store.recordEvent(purchase('again', 1)),
      t.store.recordEvent(purchase('new', 1)),
    ]);
    expect(erased.status === 'rejected' && erased.reason).toBeInstanceOf(CustomerErasedError);
    expect(redelivered).toMatchObject({ status: 'fulfilled', value: { recorded: false, facts: { orders: 1 } } });
    expect(fresh).toMatchObject({ status: 'fulfilled', value: { recorded: true, facts: { orders: 1 } } });
  });

  test('an event the database refuses fails alone: the others sent with it are recorded', async () => {
    const refused = { eventId: 'nul', type: 'note_added', customerId: 'bad', data: { text: 'a\u0000b' } };
    const results = await Promise.allSettled([purchase('ok-1', 1), refused, purchase('ok-2', 1)].map((event) => t.store.recordEvent(event)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await t.store.getCustomer('ok-2'))?.facts).toMatchObject({ orders: 1 });
    expect((await t.store.customerTimeline('bad', { limit: 5 })).items).toEqual([]);
  });
});

describe.skipIf(Boolean(postgresUnavailable()))('two processes on one PostgreSQL database', () => {
  it('record the same event delivered to both at once exactly once', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const stores = [await createStore({ databaseUrl }), await createStore({ databaseUrl })];
    try {
      for (let round = 0; round < 5; round++) {
        const delivery = { eventId: `signup-${round}`, type: 'signup', customerId: `racing-${round}`, customer: { name: 'سارا' } };
        const others = Array.from({ length: 6 }, (_, i) => purchase(`bystander-${round}-${i}`, 1));
        // Each store batches the delivery with others; the copy that loses the race is recorded alone, once.
        const results = await Promise.all(stores.flatMap((store) => [delivery, ...others.map((event) => ({ ...event, eventId: `${event.eventId}-${stores.indexOf(store)}` }))].map((event) => store.recordEvent(event))));
        expect(results.filter((result, index) => index % 7 === 0 && result.recorded)).toHaveLength(1);
        expect((await stores[0]?.customerTimeline(`racing-${round}`, { limit: 10 }))?.items.map((item) => item.type)).toEqual(['signup']);
        expect((await stores[1]?.getCustomer(`bystander-${round}-0`))?.facts).toMatchObject({ orders: 2 });
      }
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it("count one customer's purchases sent to both at once, losing none (the facts each read may be changed meanwhile)", async () => {
    const databaseUrl = await freshPostgresDatabase();
    const stores = [await createStore({ databaseUrl }), await createStore({ databaseUrl })];
    try {
      const purchases = Array.from({ length: 30 }, (_, n) => purchase('shared', n + 1));
      const outcomes = await Promise.all(purchases.map((event, n) => stores[n % 2]?.recordEvent(event)));
      expect(outcomes.every((outcome) => outcome?.recorded)).toBe(true);
      expect((await stores[0]?.getCustomer('shared'))?.facts).toMatchObject({ orders: 30, revenueByCurrency: { toman: (30 * 31) / 2 } });
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
