import type { Channel } from '../src/dsl/definition.js';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import type { Consent } from './enrollment/state.js';

/** Why `consent` forbids messages on `channel` now, if it does. */
export function consentRefusal(consent: Consent, channel: Channel): string | undefined {
  if (consent.unsubscribed) return 'customer unsubscribed';
  if (consent.suppressed.includes(channel)) return `${channel} suppressed for this customer`;
  return undefined;
}

/** unsubscribed / subscribed (all channels, or `data.channel`), and a hard bounce, which stops email only. */
export function applyConsent(consent: Consent, event: CustomerEvent): void {
  const channel = event.type === 'email_bounced' ? 'email' : (event.data?.channel as Channel | undefined);
  if (event.type === 'unsubscribed' || event.type === 'email_bounced') {
    if (channel) consent.suppressed = [...new Set([...consent.suppressed, channel])];
    else consent.unsubscribed = true;
  } else if (event.type === 'subscribed') {
    if (channel) consent.suppressed = consent.suppressed.filter((suppressed) => suppressed !== channel);
    else consent.unsubscribed = false;
  }
}
