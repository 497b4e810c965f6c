import type { Channel } from '../src/dsl/definition.js';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import type { Consent } from './enrollment/state.js';

/** What one consent decision is about: a channel, or every channel. */
export type ConsentChannel = Channel | 'all';

/** Consent given (`allowed`) or withdrawn for a channel: what the store keeps one row of per channel. */
export interface ConsentDecision {
  channel: ConsentChannel;
  allowed: boolean;
}

const CHANNELS: readonly Channel[] = ['email', 'sms', 'call'];

/**
 * The one rule for what an event decides about consent, for the contact and enrollment workflows and the
 * customer store alike: `unsubscribed` / `subscribed` withdraw or give it for `data.channel` or, without
 * one, for every channel; a hard bounce (`email_bounced`) withdraws email only. A channel Peygir does not
 * send on decides nothing (intake refuses it for these documented types).
 */
export function consentDecision(event: Pick<CustomerEvent, 'type' | 'data'>): ConsentDecision | undefined {
  if (event.type === 'email_bounced') return { channel: 'email', allowed: false };
  if (event.type !== 'unsubscribed' && event.type !== 'subscribed') return undefined;
  const allowed = event.type === 'subscribed';
  const channel = event.data?.channel;
  if (!channel) return { channel: 'all', allowed };
  return CHANNELS.includes(channel as Channel) ? { channel: channel as Channel, allowed } : undefined;
}

/** Where consent stands after a decision. Every channel and single channels are decided apart: a subscribe to all keeps a channel's suppression. */
export function applyConsentDecision(consent: Consent, { channel, allowed }: ConsentDecision): void {
  if (channel === 'all') consent.unsubscribed = !allowed;
  else if (allowed) consent.suppressed = consent.suppressed.filter((suppressed) => suppressed !== channel);
  else consent.suppressed = [...new Set([...consent.suppressed, channel])];
}

/** Applies what `event` decides about consent, if anything. */
export function applyConsent(consent: Consent, event: CustomerEvent): void {
  const decision = consentDecision(event);
  if (decision) applyConsentDecision(consent, decision);
}

/** Consent as the store's decisions (one per channel) make it. */
export function consentFromDecisions(decisions: ConsentDecision[]): Consent {
  const consent: Consent = { unsubscribed: false, suppressed: [] };
  for (const decision of decisions) applyConsentDecision(consent, decision);
  return consent;
}

/** The withdrawals `consent` stands for, as decisions (what a contact's consent moves into the store as). */
export function consentWithdrawals(consent: Consent): ConsentDecision[] {
  return [...(consent.unsubscribed ? ['all' as const] : []), ...consent.suppressed].map((channel) => ({ channel, allowed: false }));
}

/** Why `consent` forbids messages on `channel` now, if it does. */
export function consentRefusal(consent: Consent, channel: Channel): string | undefined {
  if (consent.unsubscribed) return 'customer unsubscribed';
  if (consent.suppressed.includes(channel)) return `${channel} suppressed for this customer`;
  return undefined;
}
