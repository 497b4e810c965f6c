import type { Channel } from '../dsl/definition.js';
import type { CustomerEvent } from '../events/customerEvent.js';

export type ConsentChannel = Channel | 'all';

/** What the store holds for sending: unsubscribed from everything, and the channels suppressed one by one. */
export interface StoredConsent {
  unsubscribed: boolean;
  suppressed: Channel[];
}

/**
 * The consent row an event decides, if any: `unsubscribed` / `subscribed` (every channel, or `data.channel`),
 * and a hard bounce, which suppresses email only. A `subscribed` for every channel keeps single-channel suppressions.
 */
export function consentDecision(event: Pick<CustomerEvent, 'type' | 'data'>): { channel: ConsentChannel; allowed: boolean } | undefined {
  if (event.type === 'email_bounced') return { channel: 'email', allowed: false };
  if (event.type !== 'unsubscribed' && event.type !== 'subscribed') return undefined;
  const channel = event.data?.channel;
  return {
    channel: channel === 'email' || channel === 'sms' || channel === 'call' ? channel : 'all',
    allowed: event.type === 'subscribed',
  };
}

export function consentFromRows(rows: { channel: ConsentChannel; allowed: boolean }[]): StoredConsent {
  return {
    unsubscribed: rows.some((row) => row.channel === 'all' && !row.allowed),
    suppressed: rows.flatMap((row) => (row.channel !== 'all' && !row.allowed ? [row.channel] : [])),
  };
}
