import type { SmsDelivery } from '../channels/sms/activities.js';
import { writeLedger, type LedgerStore } from './writeLedger.js';

export interface CheckSmsDeliveryInput {
  messageIds: number[];
  /** The one message asked about, for the ledger (runs from before the ledger do not say). */
  message?: { customerId: string; messageKey: string; sequenceId: string };
}

/**
 * The SMS delivery check, writing what Kavenegar finally reports to the ledger: `message.delivered`, or
 * `message.failed` (occurrence `delivery`) with Kavenegar's status text. A store that is down fails the
 * check, retried; asking Kavenegar again changes nothing.
 */
export function recordDelivery(
  store: LedgerStore,
  check: (input: { messageIds: number[] }) => Promise<{ deliveries: SmsDelivery[] }>,
): (input: CheckSmsDeliveryInput) => Promise<{ deliveries: SmsDelivery[] }> {
  return async function checkSmsDelivery({ messageIds, message }) {
    const result = await check({ messageIds });
    const delivery = result.deliveries.find((entry) => entry.messageId === messageIds[0]);
    if (message && delivery && delivery.outcome !== 'pending') {
      const details = { channel: 'sms', messageId: delivery.messageId, status: delivery.status, statusText: delivery.statusText };
      await writeLedger(store, [
        {
          customerId: message.customerId,
          kind: delivery.outcome === 'delivered' ? 'message.delivered' : 'message.failed',
          subject: message.messageKey,
          occurrence: delivery.outcome === 'delivered' ? '' : 'delivery',
          sequenceId: message.sequenceId,
          occurredAt: new Date(),
          details: delivery.outcome === 'delivered' ? details : { ...details, reason: delivery.statusText, final: true },
        },
      ]);
    }
    return result;
  };
}
