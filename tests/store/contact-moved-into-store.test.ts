import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { storeBackends } from '../support/storeBackends.js';

describe.each(storeBackends())('moving a contact from before the store into it, on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    if (backend.unavailable) return;
    store = await backend.open();
  }, 120_000);
  afterAll(async () => store?.close());
  const test = it.skipIf(Boolean(backend.unavailable));

  const carried = {
    profile: { name: 'Old name', plan: 'pro' },
    profileAsOf: { name: Date.parse('2026-01-01T00:00:00Z'), plan: Date.parse('2026-01-01T00:00:00Z') },
    consent: { unsubscribed: true, suppressed: ['email' as const] },
  };

  test('fills what the store lacks, keeps what it holds newer, and changes nothing when moved again', async () => {
    await store.recordEvent({ eventId: 'n', type: 'profile_updated', customerId: 'c1', occurredAt: '2026-06-01T00:00:00Z', customer: { name: 'New name' } });
    await store.recordEvent({ eventId: 's', type: 'subscribed', customerId: 'c1', occurredAt: '2026-06-01T00:00:00Z' });
    const first = await store.moveContactIntoStore('c1', carried);
    expect(first).toEqual({
      profile: { name: 'New name', plan: 'pro' },
      profileAsOf: { name: Date.parse('2026-06-01T00:00:00Z'), plan: Date.parse('2026-01-01T00:00:00Z') },
      consent: { unsubscribed: false, suppressed: ['email'] },
      // Answered (the store's, never moved): the contact conditions on them.
      facts: expect.objectContaining({ events: expect.objectContaining({ subscribed: expect.objectContaining({ count: 1 }) }) }),
    });
    expect(await store.moveContactIntoStore('c1', carried)).toEqual(first);
    expect((await store.getCustomer('c1'))?.consent.decisions.map((row) => [row.channel, row.allowed, row.reason])).toEqual([
      ['all', true, 'subscribed'],
      ['email', false, 'moved_from_contact'],
    ]);
  });

  test('an erased customer stays erased: nothing a contact still carried comes back', async () => {
    await store.recordEvent({ eventId: 'e', type: 'signup', customerId: 'erased', customer: { name: 'Gone' } });
    await store.eraseCustomer('erased');
    expect((await store.moveContactIntoStore('erased', carried)).profile).toEqual({});
    expect((await store.getCustomer('erased'))?.profile).toEqual({});
  });

  test('a contact that carries nothing gets the stored customer, or an empty one', async () => {
    const nothing = { profile: {}, profileAsOf: {}, consent: { unsubscribed: false, suppressed: [] } };
    expect(await store.moveContactIntoStore('c1', nothing)).toMatchObject({ profile: { name: 'New name', plan: 'pro' } });
    expect(await store.moveContactIntoStore('unknown', nothing)).toEqual(nothing);
  });
});
