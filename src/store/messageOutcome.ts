import type { CustomerEvent } from '../events/customerEvent.js';
import { fingerprint } from '../security/signing.js';
import type { LedgerEntry, LedgerKind } from './ledger.js';

/** Event types that report on a message Peygir sent, and the ledger kind each becomes. */
/** Longer keys are none Peygir made (enrollment IDs are far shorter); they would not fit the natural key's index. */
const MESSAGE_KEY_MAX = 1_000;

const OUTCOMES: Record<string, LedgerKind> = {
  email_opened: 'message.opened',
  email_clicked: 'message.clicked',
  email_bounced: 'message.bounced',
  sms_delivered: 'message.delivered',
  sms_failed: 'message.failed',
};

/**
 * What an event that comes back about a message adds to the ledger, filed under the message it names
 * (`data.messageKey`, as the open pixel and click links carry it): opened, clicked (once per link: the
 * occurrence is the URL's fingerprint),
 * bounced, delivered or failed delivery, and replied (any `*_replied` event, once per event). Written
 * in the same transaction as the event, so a redelivered event adds nothing.
 */
export function messageOutcomeOf(event: CustomerEvent, occurredAt: Date): LedgerEntry | undefined {
  const { messageKey, sequenceId, url, status } = event.data ?? {};
  if (typeof messageKey !== 'string' || messageKey === '' || messageKey.length > MESSAGE_KEY_MAX) return undefined;
  const failedDelivery = event.type === 'sms_delivered' && status === 'failed';
  const kind = failedDelivery ? 'message.failed' : (OUTCOMES[event.type] ?? (event.type.endsWith('_replied') ? 'message.replied' : undefined));
  if (!kind) return undefined;
  const occurrence = kind === 'message.clicked' && typeof url === 'string' ? fingerprint(url) : kind === 'message.replied' ? event.eventId : kind === 'message.failed' ? 'delivery' : '';
  return {
    customerId: event.customerId,
    kind,
    subject: messageKey,
    occurrence,
    ...(typeof sequenceId === 'string' ? { sequenceId } : {}),
    occurredAt,
    details: { channel: event.type.split('_')[0], eventId: event.eventId, ...(kind === 'message.clicked' && typeof url === 'string' ? { url } : {}) },
  };
}
