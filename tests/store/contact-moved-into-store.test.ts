import { describe, expect } from 'vitest';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

describe.each(storeBackends())('moving a contact from before the store into it, on $name', (backend) => {
  const t = useStore(backend);
  const { test } = t;

  const carried = {
    profile: { name: 'Old name', plan: 'pro' },
    profileAsOf: { name: Date.parse('2026-01-01T00:00:00Z'), plan: Date.parse('2026-01-01T00:00:00Z') },
    consent: { unsubscribed: true, suppressed: ['email' as const] },
  };

  test('fills what the store lacks, keeps what it holds newer, and changes nothing when moved again', async () => {
    await t.store.recordEvent({ eventId: 'n', type: 'profile_updated', customerId: 'c1', occurredAt: '2026-06-01T00:00:00Z', customer: { name: 'New name' } });
    await t.store.recordEvent({ eventId: 's', type: 'subscribed', customerId: 'c1', occurredAt: '2026-06-01T00:00:00Z' });
    const first = await t.store.moveContactIntoStore('c1', carried);
    expect(first).toEqual({
      profile: { name: 'New name', plan: 'pro' },
      profileAsOf: { name: Date.parse('2026-06-01T00:00:00Z'), plan: Date.parse('2026-01-01T00:00:00Z') },
      consent: { unsubscribed: false, suppressed: ['email'] },
    });
    expect(await t.store.moveContactIntoStore('c1', carried)).toEqual(first);
    expect((await t.store.getCustomer('c1'))?.consent.decisions.map((row) => [row.channel, row.allowed, row.reason])).toEqual([
      ['all', true, 'subscribed'],
      ['email', false, 'moved_from_contact'],
    ]);
  });

  test('an erased customer stays erased: nothing a contact still carried comes back', async () => {
    await t.store.recordEvent({ eventId: 'e', type: 'signup', customerId: 'erased', customer: { name: 'Gone' } });
    await t.store.eraseCustomer('erased');
    expect((await t.store.moveContactIntoStore('erased', carried)).profile).toEqual({});
    expect((await t.store.getCustomer('erased'))?.profile).toEqual({});
  });

  test('a contact that carries nothing gets the stored customer, or an empty one', async () => {
    const nothing = { profile: {}, profileAsOf: {}, consent: { unsubscribed: false, suppressed: [] } };
    expect(await t.store.moveContactIntoStore('c1', nothing)).toMatchObject({ profile: { name: 'New name', plan: 'pro' } });
    expect(await t.store.moveContactIntoStore('unknown', nothing)).toEqual(nothing);
  });
});
