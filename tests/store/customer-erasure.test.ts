import { describe, expect, it } from 'vitest';
import { identityDigest } from '../../src/security/identityDigest.js';
import { CustomerErasedError, ERASED_VALUE, scrubDetails } from '../../src/store/erasure.js';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

const sara = { name: 'سارا احمدی', email: 'Sara@Example.IR', phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷' };

describe.each(storeBackends())('export and erasure in the customer store on $name', (backend) => {
  const t = useStore(backend);
  const { test } = t;

  /** A customer with events, consent and ledger entries holding personal values, free text and codes. */
  async function customerWithHistory(customerId: string): Promise<void> {
    await t.store.recordEvent({ eventId: 'signup', type: 'signup', customerId, occurredAt: '2026-11-19T10:00:00Z', customer: { ...sara, email: 'old@example.ir' } });
    await t.store.recordEvent({ eventId: 'order-1', type: 'purchase', customerId, occurredAt: '2026-11-20T10:00:00Z', customer: sara, data: { product: 'کتاب', address: 'تهران، خیابان آزادی' } });
    await t.store.recordEvent({ eventId: 'u-sms', type: 'unsubscribed', customerId, occurredAt: '2026-11-21T10:00:00Z', data: { channel: 'sms' } });
    await t.store.appendLedger({
      customerId,
      kind: 'message.failed',
      subject: `enrollment/welcome/${customerId}/order-1/1`,
      occurrence: '1',
      sequenceId: 'welcome',
      occurredAt: new Date('2026-11-20T10:01:00Z'),
      details: { channel: 'email', attempt: 1, hardBounce: false, address: 'sara@example.ir', error: 'SmtpRejected', providerMessage: '550 mailbox sara@example.ir unknown' },
    });
    await t.store.appendLedger({
      customerId,
      kind: 'call_task.note',
      subject: `call-task/${customerId}/welcome/order-1/2`,
      occurrence: 'n1',
      occurredAt: new Date('2026-11-20T12:00:00Z'),
      details: { notes: 'she asked to call after 6', durationSeconds: 42, caller: { name: 'سارا احمدی', agentId: 'agent-7' } },
    });
  }

  test('exports the profile with as-of times, identities, consent decisions, every event and ledger entry', async () => {
    await customerWithHistory('export-me');
    const held = await t.store.exportCustomer('export-me');
    expect(held?.customer.profile).toEqual(sara);
    expect(held?.customer.profileAsOf.email).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(held?.customer.identities).toEqual([
      { kind: 'email', value: 'sara@example.ir' },
      { kind: 'phone', value: '+989121234567' },
    ]);
    expect(held?.customer.consent.decisions).toEqual([expect.objectContaining({ channel: 'sms', allowed: false, reason: 'unsubscribed', eventId: 'u-sms' })]);
    expect(held?.events.map((event) => event.eventId)).toEqual(['signup', 'order-1', 'u-sms']);
    expect(held?.events[1]).toMatchObject({ type: 'purchase', customer: sara, data: { product: 'کتاب' } });
    expect(held?.ledger.map((entry) => entry.kind)).toEqual(['message.failed', 'call_task.note']);
    expect(held?.ledger[0]?.details).toMatchObject({ address: 'sara@example.ir' });
    expect(await t.store.exportCustomer('nobody-at-all')).toBeUndefined();
  });

  test('erasure empties the profile, removes identities, clears events and scrubs the ledger, keeping the facts', async () => {
    await customerWithHistory('erase-me');
    const report = await t.store.eraseCustomer('erase-me');
    expect(report).toMatchObject({
      customerId: 'erase-me',
      alreadyErased: false,
      eventsCleared: 3,
      ledgerEntriesScrubbed: 2,
      identitiesRemoved: 2,
      // The current email and the one from the signup event, and the phone.
      identitiesSuppressed: { email: 2, phone: 1 },
    });

    const held = await t.store.exportCustomer('erase-me');
    expect(held?.customer).toMatchObject({ profile: {}, profileAsOf: {}, identities: [], erasedAt: report.erasedAt });
    expect(held?.customer.consent.unsubscribed).toBe(true);
    expect(held?.customer.consent.decisions).toEqual(
      expect.arrayContaining([expect.objectContaining({ channel: 'all', allowed: false, reason: 'erased' }), expect.objectContaining({ channel: 'sms', reason: 'unsubscribed' })]),
    );
    expect(held?.events.map(({ eventId, type, customer, data }) => ({ eventId, type, customer, data }))).toEqual([
      { eventId: 'signup', type: 'signup', customer: null, data: null },
      { eventId: 'order-1', type: 'purchase', customer: null, data: null },
      { eventId: 'u-sms', type: 'unsubscribed', customer: null, data: null },
    ]);
    expect(held?.ledger.map((entry) => entry.details)).toEqual([
      { channel: 'email', attempt: 1, hardBounce: false, address: ERASED_VALUE, error: 'SmtpRejected', providerMessage: ERASED_VALUE },
      { notes: ERASED_VALUE, durationSeconds: 42, caller: { name: ERASED_VALUE, agentId: 'agent-7' } },
    ]);
    expect(JSON.stringify(held)).not.toMatch(/sara|سارا|9121234567|old@example/i);
  });

  test('a second erasure changes nothing and says so', async () => {
    await customerWithHistory('twice');
    const first = await t.store.eraseCustomer('twice');
    const second = await t.store.eraseCustomer('twice', new Date(first.erasedAt.getTime() + 60_000));
    expect(second).toEqual({
      customerId: 'twice',
      erasedAt: first.erasedAt,
      alreadyErased: true,
      eventsCleared: 0,
      ledgerEntriesScrubbed: 0,
      identitiesRemoved: 0,
      identitiesSuppressed: { email: 0, phone: 0 },
    });
  });

  test('refuses new events for the erased customer ID, and scrubs what a run still writes to the ledger', async () => {
    await customerWithHistory('refused');
    await t.store.eraseCustomer('refused');
    await expect(t.store.recordEvent({ eventId: 'order-2', type: 'purchase', customerId: 'refused', customer: sara })).rejects.toBeInstanceOf(CustomerErasedError);
    await expect(t.store.recordEvent({ eventId: 'order-1', type: 'purchase', customerId: 'refused' })).rejects.toBeInstanceOf(CustomerErasedError);
    expect((await t.store.exportCustomer('refused'))?.events).toHaveLength(3);

    await t.store.appendLedger({
      customerId: 'refused',
      kind: 'enrollment.ended',
      subject: 'enrollment/welcome/refused/order-1',
      occurredAt: new Date('2026-11-22T10:00:00Z'),
      details: { reason: 'cancelled by ops: customer erased', status: 'cancelled' },
    });
    expect((await t.store.exportCustomer('refused'))?.ledger.at(-1)?.details).toEqual({ reason: ERASED_VALUE, status: 'cancelled' });
  });

  test("an erased customer's email or phone under another customer ID is suppressed on its channels, for good", async () => {
    await customerWithHistory('original');
    await t.store.eraseCustomer('original');
    expect(await t.store.isSuppressedIdentity('email', ' SARA@example.ir')).toBe(true);
    expect(await t.store.isSuppressedIdentity('email', 'old@example.ir')).toBe(true);
    expect(await t.store.isSuppressedIdentity('phone', '+98 912 123 4567')).toBe(true);
    expect(await t.store.isSuppressedIdentity('email', 'someone@example.ir')).toBe(false);
    expect(await t.store.isSuppressedIdentity('phone', '09350000000')).toBe(false);

    await t.store.recordEvent({ eventId: 'import-1', type: 'profile_updated', customerId: 'came-back', customer: { email: 'sara@EXAMPLE.ir', name: 'S' } });
    expect((await t.store.getCustomer('came-back'))?.consent).toMatchObject({ unsubscribed: false, suppressed: ['email'] });
    // A subscribe (say, from an old import) does not lift it.
    await t.store.recordEvent({ eventId: 'sub-1', type: 'subscribed', customerId: 'came-back', data: { channel: 'email' } });
    expect((await t.store.getCustomer('came-back'))?.consent.suppressed).toEqual(['email']);

    await t.store.recordEvent({ eventId: 'import-2', type: 'profile_updated', customerId: 'by-phone', customer: { phone: '+989121234567' } });
    expect((await t.store.getCustomer('by-phone'))?.consent.suppressed.sort()).toEqual(['call', 'sms']);
    await t.store.recordEvent({ eventId: 'import-3', type: 'profile_updated', customerId: 'stranger', customer: { email: 'someone@example.ir', phone: '09350000000' } });
    expect((await t.store.getCustomer('stranger'))?.consent.suppressed).toEqual([]);
  });
});

describe('what erasure keeps of an address, and of ledger details', () => {
  it('keeps an address only as a digest keyed with the installation secret', () => {
    const email = { kind: 'email', value: 'sara@example.ir' } as const;
    const digest = identityDigest('installation-secret-0123')(email);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toBe(identityDigest('another-secret-456789')(email));
    expect(digest).not.toBe(identityDigest('installation-secret-0123')({ kind: 'phone', value: email.value }));
  });

  it('keeps numbers, booleans and codes; erases personal values and free text wherever they are', () => {
    expect(
      scrubDetails(
        { step: '2.1', status: 'sent', count: 3, ok: true, none: null, phone: '09121234567', to: ['ali@example.ir', 'x'], nested: { text: 'dear Ali', id: 'k-1' } },
        ['ali'],
      ),
    ).toEqual({ step: '2.1', status: 'sent', count: 3, ok: true, none: null, phone: ERASED_VALUE, to: [ERASED_VALUE, 'x'], nested: { text: ERASED_VALUE, id: 'k-1' } });
  });
});
