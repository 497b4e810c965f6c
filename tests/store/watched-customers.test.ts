import { describe, expect } from 'vitest';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

describe.each(storeBackends())('what silence and date rollouts read from the store, on $name', (backend) => {
  const used = useStore(backend);

  used.test('the last of some event types, else when first seen; pages of customers, those holding a field, never the erased', async () => {
    const { store } = used;
    const event = (customerId: string, eventId: string, type: string, occurredAt: string, customer?: Record<string, unknown>) =>
      store.recordEvent({ eventId, type, customerId, occurredAt, ...(customer && { customer }) }, new Date('2026-12-01T00:00:00Z'));
    await event('a', 'a1', 'purchase', '2026-09-01T10:00:00Z', { birthday: '1370/05/12' });
    await event('a', 'a2', 'login', '2026-10-01T10:00:00Z');
    await event('a', 'a3', 'email_opened', '2026-11-01T10:00:00Z');
    await event('b', 'b1', 'signup', '2026-11-20T10:00:00Z');
    await event('c', 'c1', 'signup', '2026-11-21T10:00:00Z', { birthday: '1991-08-03' });
    await store.eraseCustomer('c');

    expect((await store.lastActivity('a', ['purchase', 'login'])).toISOString()).toBe('2026-10-01T10:00:00.000Z');
    expect((await store.lastActivity('a', ['purchase'])).toISOString()).toBe('2026-09-01T10:00:00.000Z');
    const firstSeen = (await store.getCustomer('b'))?.createdAt;
    expect(await store.lastActivity('b', ['purchase'])).toEqual(firstSeen);
    const now = new Date('2026-12-03T00:00:00Z');
    expect(await store.lastActivity('nobody', ['purchase'], now)).toEqual(now);

    expect(await store.customersToWatch({ limit: 10 })).toEqual(['a', 'b']);
    expect(await store.customersToWatch({ limit: 1, after: 'a' })).toEqual(['b']);
    expect(await store.customersToWatch({ limit: 10, field: 'birthday' })).toEqual(['a']);
  });
});
