import { describe, expect } from 'vitest';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

describe.each(storeBackends())('the customer store on $name', (backend) => {
  const t = useStore(backend);
  const { test } = t;

  test('keeps every accepted event once: a redelivered eventId is not new, however late', async () => {
    const purchase = { eventId: 'order-1', type: 'purchase', customerId: 'once', data: { orderId: '1' } };
    expect(await t.store.recordEvent(purchase)).toEqual({ recorded: true });
    for (let i = 0; i < 1_200; i += 100) await t.store.recordEvent({ ...purchase, eventId: `other-${i}` });
    expect(await t.store.recordEvent(purchase)).toEqual({ recorded: false });
    expect(await t.store.recordEvent({ ...purchase, customerId: 'someone-else' })).toEqual({ recorded: true });
  });

  test('records concurrent deliveries of one event exactly once', async () => {
    const delivery = { eventId: 'signup-1', type: 'signup', customerId: 'racing', customer: { name: 'سارا' } };
    const results = await Promise.all(Array.from({ length: 8 }, () => t.store.recordEvent(delivery)));
    expect(results.filter((result) => result.recorded)).toHaveLength(1);
    const timeline = await t.store.customerTimeline('racing', { limit: 10 });
    expect(timeline.items.map((item) => item.type)).toEqual(['signup']);
  });

  test('merges the profile field by field by occurredAt, and keeps email and phone as identities', async () => {
    await t.store.recordEvent({
      eventId: 'late',
      type: 'profile_updated',
      customerId: 'sara',
      occurredAt: '2026-11-20T10:00:00Z',
      customer: { name: 'Sara Ahmadi', email: 'Sara@Example.IR', phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷' },
    });
    // Happened earlier, arrived later: its name loses, its new field is kept.
    await t.store.recordEvent({ eventId: 'early', type: 'signup', customerId: 'sara', occurredAt: '2026-11-19T10:00:00Z', customer: { name: 'S.', plan: 'pro' } });
    const sara = await t.store.getCustomer('sara');
    expect(sara?.profile).toEqual({ name: 'Sara Ahmadi', email: 'Sara@Example.IR', phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷', plan: 'pro' });
    expect(sara?.profileAsOf).toEqual({
      name: Date.parse('2026-11-20T10:00:00Z'),
      email: Date.parse('2026-11-20T10:00:00Z'),
      phone: Date.parse('2026-11-20T10:00:00Z'),
      plan: Date.parse('2026-11-19T10:00:00Z'),
    });
    expect(sara?.identities).toEqual([
      { kind: 'email', value: 'sara@example.ir' },
      { kind: 'phone', value: '+989121234567' },
    ]);
    expect(await t.store.getCustomer('nobody')).toBeUndefined();
  });

  test('keeps consent per channel with the event that decided it; the latest by occurredAt wins', async () => {
    const customerId = 'consenting';
    await t.store.recordEvent({ eventId: 'u-sms', type: 'unsubscribed', customerId, occurredAt: '2026-11-20T10:00:00Z', data: { channel: 'sms' } });
    await t.store.recordEvent({ eventId: 'bounce', type: 'email_bounced', customerId, occurredAt: '2026-11-20T11:00:00Z' });
    await t.store.recordEvent({ eventId: 'u-all', type: 'unsubscribed', customerId, occurredAt: '2026-11-21T10:00:00Z' });
    // An older resubscribe arriving late changes nothing.
    await t.store.recordEvent({ eventId: 'old-sub', type: 'subscribed', customerId, occurredAt: '2026-11-19T10:00:00Z' });
    let customer = await t.store.getCustomer(customerId);
    expect(customer?.consent).toMatchObject({ unsubscribed: true, suppressed: ['email', 'sms'] });
    expect(customer?.consent.decisions.find((decision) => decision.channel === 'all')).toMatchObject({
      allowed: false,
      reason: 'unsubscribed',
      eventId: 'u-all',
      occurredAt: new Date('2026-11-21T10:00:00Z'),
    });

    // A newer subscribe for every channel lifts the unsubscribe but not the single-channel suppressions.
    await t.store.recordEvent({ eventId: 'new-sub', type: 'subscribed', customerId, occurredAt: '2026-11-22T10:00:00Z' });
    customer = await t.store.getCustomer(customerId);
    expect(customer?.consent).toMatchObject({ unsubscribed: false, suppressed: ['email', 'sms'] });
  });

  test('appends ledger entries once by natural key, so a retried activity writes nothing twice', async () => {
    const sent = { customerId: 'ledgered', kind: 'message.sent' as const, subject: 'enrollment/welcome/ledgered#1', sequenceId: 'welcome', occurredAt: new Date('2026-11-20T10:00:00Z') };
    expect(await t.store.appendLedger(sent)).toEqual({ appended: true });
    expect(await t.store.appendLedger({ ...sent, occurredAt: new Date('2026-11-20T10:00:05Z') })).toEqual({ appended: false });
    const attempt = { customerId: 'ledgered', kind: 'message.attempted' as const, subject: sent.subject, occurredAt: new Date('2026-11-20T09:59:00Z') };
    expect(await t.store.appendLedger({ ...attempt, occurrence: '1', details: { error: 'smtp 421' } })).toEqual({ appended: true });
    expect(await t.store.appendLedger({ ...attempt, occurrence: '2' })).toEqual({ appended: true });
    const { items } = await t.store.customerTimeline('ledgered', { limit: 10 });
    expect(items.map((item) => [item.type, item.source === 'ledger' ? item.occurrence : ''])).toEqual([
      ['message.sent', ''],
      ['message.attempted', '2'],
      ['message.attempted', '1'],
    ]);
  });

  test('pages through a customer timeline of events and ledger entries, newest first, without gaps or repeats', async () => {
    const customerId = 'timeline';
    const start = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 7; i++) {
      // Two things at the same instant each time: the cursor tells them apart.
      const occurredAt = new Date(start + i * 60_000);
      await t.store.recordEvent({ eventId: `e${i}`, type: 'feature_used', customerId, occurredAt: occurredAt.toISOString() });
      await t.store.appendLedger({ customerId, kind: 'enrollment.step', subject: `enrollment/onboarding/${customerId}`, occurrence: `step-${i}`, sequenceId: 'onboarding', occurredAt });
    }
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await t.store.customerTimeline(customerId, { limit: 4, before });
      seen.push(...page.items.map((item) => (item.source === 'event' ? item.eventId : item.occurrence)));
      before = page.next;
      pages++;
    } while (before);
    expect(pages).toBe(4);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].flatMap((i) => [`step-${i}`, `e${i}`]));
  });
});
