import { sleep } from '@temporalio/workflow';
import { customerEventSignal } from './protocol.js';
import { signalWorkflow } from './externalSignals.js';
import { providers } from './activities.js';

export interface SmsDeliveryInput {
  messageId: number;
  customerId: string;
  contactWorkflowId: string;
  /** The enrollment step's message key, so a sequence can tell which SMS the report is about. */
  messageKey: string;
  sequenceId: string;
}

/** When to ask Kavenegar again: soon after sending, then less often, for a day. */
const CHECKS = ['1 minute', '5 minutes', '30 minutes', '2 hours', '6 hours', '24 hours'] as const;

/**
 * Follows one SMS (`sms-delivery/<customer>/<messageId>`) until Kavenegar reports it delivered or
 * failed, and tells the customer's contact workflow as an `sms_delivered` / `sms_failed` event that
 * sequences can wait for. Gives up quietly after a day of "pending".
 */
export async function smsDeliveryWorkflow(input: SmsDeliveryInput): Promise<'delivered' | 'failed' | 'unknown'> {
  for (const delay of CHECKS) {
    await sleep(delay, { summary: `check delivery of SMS ${input.messageId}` });
    const message = { customerId: input.customerId, messageKey: input.messageKey, sequenceId: input.sequenceId };
    // The check writes a final report to the ledger (message.delivered / message.failed): no command more.
    const [delivery] = (await providers.checkSmsDelivery({ messageIds: [input.messageId], message })).deliveries;
    if (!delivery || delivery.outcome === 'pending') continue;
    await signalWorkflow(input.contactWorkflowId, customerEventSignal, {
      eventId: `sms/${input.messageId}/${delivery.outcome}`,
      type: delivery.outcome === 'delivered' ? 'sms_delivered' : 'sms_failed',
      customerId: input.customerId,
      data: { messageId: input.messageId, status: delivery.status, statusText: delivery.statusText, messageKey: input.messageKey, sequenceId: input.sequenceId },
    });
    return delivery.outcome;
  }
  return 'unknown';
}
