import { afterAll, describe, expect, it } from 'vitest';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import { createStore } from '../src/store/store.js';
import { applyConsent, consentDecision } from '../workflows/consent.js';
import type { Consent } from '../workflows/enrollment/state.js';

const event = (eventId: string, type: string, channel?: unknown, occurredAt = '2026-11-20T10:00:00Z'): CustomerEvent => ({
  eventId, type, customerId: 'c1', occurredAt, ...(channel !== undefined && { data: { channel } }),
});

/** One rule decides consent from events: the workflows apply it to their state, the store keeps it as rows. */
describe('the consent rule', () => {
  it('unsubscribed / subscribed decide one channel or all; a hard bounce withdraws email; other events and unknown channels decide nothing', () => {
    expect(consentDecision(event('1', 'unsubscribed'))).toEqual({ channel: 'all', allowed: false });
    expect(consentDecision(event('2', 'subscribed', 'sms'))).toEqual({ channel: 'sms', allowed: true });
    expect(consentDecision(event('3', 'email_bounced'))).toEqual({ channel: 'email', allowed: false });
    expect(consentDecision(event('4', 'purchase', 'email'))).toBeUndefined();
    // Before, the store read this as "subscribed to everything" while the workflows lifted nothing.
    expect(consentDecision(event('5', 'subscribed', 'fax'))).toBeUndefined();
  });

  const store = createStore({});
  afterAll(async () => (await store).close());

  it('leaves the workflows\' state and the store\'s consent the same after the same events', async () => {
    const history = [
      event('u-all', 'unsubscribed', undefined, '2026-11-20T10:00:00Z'),
      event('s-fax', 'subscribed', 'fax', '2026-11-20T11:00:00Z'), // lifts nothing: still unsubscribed from everything
      event('u-sms', 'unsubscribed', 'sms', '2026-11-20T12:00:00Z'),
      event('bounce', 'email_bounced', undefined, '2026-11-20T13:00:00Z'),
      event('s-sms', 'subscribed', 'sms', '2026-11-20T14:00:00Z'),
    ];
    const state: Consent = { unsubscribed: false, suppressed: [] };
    for (const each of history) {
      applyConsent(state, each);
      await (await store).recordEvent(each);
    }
    expect(state).toEqual({ unsubscribed: true, suppressed: ['email'] });
    const stored = await (await store).getCustomer('c1');
    expect({ unsubscribed: stored?.consent.unsubscribed, suppressed: stored?.consent.suppressed }).toEqual(state);
  });
});
