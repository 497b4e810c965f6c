import { describe, expect } from 'vitest';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

const messageKey = 'enrollment/welcome/m1/order-1/1';
const about = { messageKey, sequenceId: 'welcome' };

describe.each(storeBackends())('events about a message file their outcome in the ledger, on $name', (backend) => {
  const t = useStore(backend);
  const { test } = t;

  test('opened, clicked per link, replied per event and bounced, each once, under the message key', async () => {
    const event = (eventId: string, type: string, data: Record<string, unknown> = {}) => ({ eventId, type, customerId: 'm1', data: { ...about, ...data } });
    await t.store.recordEvent(event('o-1', 'email_opened'));
    await t.store.recordEvent(event('o-1', 'email_opened')); // redelivered
    await t.store.recordEvent(event('o-2', 'email_opened')); // opened again: the first open is the outcome
    await t.store.recordEvent(event('c-1', 'email_clicked', { url: 'https://shop.example/a' }));
    await t.store.recordEvent(event('c-2', 'email_clicked', { url: 'https://shop.example/b' }));
    await t.store.recordEvent(event('c-3', 'email_clicked', { url: 'https://shop.example/a' }));
    await t.store.recordEvent(event('r-1', 'email_replied'));
    await t.store.recordEvent(event('r-2', 'email_replied'));
    await t.store.recordEvent(event('b-1', 'email_bounced'));
    await t.store.recordEvent(event('p-1', 'purchase')); // not about a message: no ledger entry
    await t.store.recordEvent({ eventId: 'o-3', type: 'email_opened', customerId: 'm1' }); // names no message

    const { items } = await t.store.customerTimeline('m1', { limit: 50 });
    const ledger = items.filter((item) => item.source === 'ledger').reverse();
    expect(ledger.map((item) => item.type)).toEqual(['message.opened', 'message.clicked', 'message.clicked', 'message.replied', 'message.replied', 'message.bounced']);
    expect(ledger.every((item) => item.subject === messageKey && item.sequenceId === 'welcome')).toBe(true);
    expect(ledger.filter((item) => item.type === 'message.clicked').map((item) => item.data.url)).toEqual(['https://shop.example/a', 'https://shop.example/b']);
    expect(items.filter((item) => item.source === 'event')).toHaveLength(10);
  });

  test('an SMS delivery report files delivered, or failed with its status', async () => {
    await t.store.recordEvent({ eventId: 'd-1', type: 'sms_delivered', customerId: 'm2', data: { ...about, messageKey: 'k-delivered' } });
    await t.store.recordEvent({ eventId: 'd-2', type: 'sms_delivered', customerId: 'm2', data: { ...about, messageKey: 'k-failed', status: 'failed' } });
    const { items } = await t.store.customerTimeline('m2', { limit: 50 });
    const ledger = items.filter((item) => item.source === 'ledger').reverse();
    expect(ledger.map((item) => [item.type, item.source === 'ledger' && item.subject])).toEqual([
      ['message.delivered', 'k-delivered'],
      ['message.failed', 'k-failed'],
    ]);
  });

  test('a message key no enrollment could have made is kept with the event but not filed', async () => {
    const huge = 'k'.repeat(5_000);
    expect(await t.store.recordEvent({ eventId: 'h-1', type: 'email_opened', customerId: 'm3', data: { messageKey: huge } })).toEqual({ recorded: true });
    const { items } = await t.store.customerTimeline('m3', { limit: 50 });
    expect(items.map((item) => item.source)).toEqual(['event']);
  });
});
