import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from '../../../src/logger.js';
import type { ConsentAtSend } from '../consentAtSend.js';
import type { KavenegarClient, KavenegarMessage } from '../kavenegar/client.js';
import { deliveryOutcome, type DeliveryOutcome } from '../kavenegar/errors.js';
import { withKavenegarFailures } from './kavenegarFailure.js';
import { preparePhoneMessage, type PhoneMessageInput, type PreparedPhoneMessage } from './prepare.js';
import { localIdFor, sendOnce, type SentMessage } from './sendOnce.js';

export interface SendSmsInput extends PhoneMessageInput {
  /** Sender line; KAVENEGAR_SENDER, or the account's default line, when absent. */
  sender?: string;
}

export type PhoneMessageResult = SentMessage & { receptor: string; locale: PhoneMessageInput['locale'] };

export interface SmsDelivery {
  messageId: number;
  outcome: DeliveryOutcome;
  /** Kavenegar's status code and text, for the history. */
  status: number;
  statusText: string;
}

/**
 * SMS and text-to-speech calls through Kavenegar, each sent at most once per messageKey (see sendOnce),
 * and delivery checks. Without a Kavenegar client every send fails with `ChannelNotConfigured` (final).
 */
export function createSmsActivities(deps: {
  sms?: KavenegarClient | undefined;
  sender?: string | undefined;
  log: Logger;
  /** Asked right before Kavenegar, after sendOnce found no earlier attempt's message (createActivities passes the store's). */
  consent?: ConsentAtSend | undefined;
}) {
  const client = (): KavenegarClient => {
    if (deps.sms) return deps.sms;
    throw ApplicationFailure.nonRetryable('SMS and calls are not configured (no Kavenegar API key)', 'ChannelNotConfigured');
  };

  /** What an SMS and a call share: the number and text prepared, consent asked, sent at most once per localid, failures mapped. */
  const sendPhoneMessage = async (
    input: PhoneMessageInput,
    channel: 'sms' | 'call',
    send: (kavenegar: KavenegarClient, message: PreparedPhoneMessage, localId: string) => Promise<KavenegarMessage[]>,
  ): Promise<PhoneMessageResult> => {
    const kavenegar = client();
    const message = await preparePhoneMessage(input, channel);
    const localId = localIdFor(channel, input.messageKey);
    const rejected = channel === 'sms' ? 'SmsRejected' : 'CallRejected';
    const sent = await withKavenegarFailures(deps.log, rejected, () =>
      sendOnce(kavenegar, localId, async () => {
        if (input.customerId !== undefined) await deps.consent?.(input.customerId, channel, message.receptor);
        return send(kavenegar, message, localId);
      }),
    );
    return { ...sent, receptor: message.receptor, locale: message.locale };
  };

  return {
    /** One SMS; final failures: InvalidPhone, TemplateError, SmsRejected { code }, ChannelNotConfigured, ConsentWithdrawn. */
    sendSms: (input: SendSmsInput): Promise<PhoneMessageResult> =>
      sendPhoneMessage(input, 'sms', (kavenegar, message, localId) => {
        const sender = input.sender ?? deps.sender;
        return kavenegar.sendSms({ receptor: message.receptor, message: message.text, localId, ...(sender ? { sender } : {}) });
      }),

    /** One automated call reading the template's `call` text; final failures as sendSms, with CallRejected. */
    placeCall: (input: PhoneMessageInput): Promise<PhoneMessageResult> =>
      sendPhoneMessage(input, 'call', (kavenegar, message, localId) =>
        kavenegar.makeTtsCall({ receptor: message.receptor, message: message.text, localId }),
      ),

    /** Where sent messages stand: delivered, failed or still pending. */
    async checkSmsDelivery(input: { messageIds: number[] }): Promise<{ deliveries: SmsDelivery[] }> {
      const kavenegar = client();
      const statuses = await withKavenegarFailures(deps.log, 'SmsRejected', () => kavenegar.status(input.messageIds));
      return {
        deliveries: statuses.map((entry) => ({
          messageId: entry.messageid,
          outcome: deliveryOutcome(entry.status),
          status: entry.status,
          statusText: entry.statustext,
        })),
      };
    },
  };
}
