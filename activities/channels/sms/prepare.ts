import { ApplicationFailure } from '@temporalio/activity';
import type { Locale, Template } from '../../../src/dsl/definition.js';
import { normalizeIranianMobile } from '../../../src/locale/phone.js';
import { renderTemplateText } from '../../render/renderText.js';

/** What sendSms and placeCall share: who gets it and which template, in which language. */
export interface PhoneMessageInput {
  /** Stable across retries: enrollment workflow ID + step ID. Kavenegar's localid is derived from it. */
  messageKey: string;
  /** The customer's mobile number in any common form (09…, +989…, Persian digits). */
  to: string;
  /** The customer's preferred locale; the template's other locale is the fallback. */
  locale: Locale;
  template: Template;
  context: Record<string, unknown>;
  /** Whose message this is, for the store's consent at send time; absent in sends scheduled before that check existed. */
  customerId?: string;
  /** Which sequence sent it, for the ledger. */
  sequenceId?: string;
}

export interface PreparedPhoneMessage {
  /** National form (09…), what Kavenegar's receptor takes. */
  receptor: string;
  text: string;
  locale: Locale;
}

/**
 * Normalises the number (`InvalidPhone` when it is not an Iranian mobile) and renders the template's
 * `sms` or `call` text (`TemplateError` when missing or broken); both are final, not retried.
 */
export async function preparePhoneMessage(input: PhoneMessageInput, channel: 'sms' | 'call'): Promise<PreparedPhoneMessage> {
  const phone = normalizeIranianMobile(input.to);
  // The number stays out of the message: failure messages are stored in Temporal unencrypted.
  if (!phone.ok) throw ApplicationFailure.nonRetryable(input.to ? phone.reason.split(input.to).join('<phone>') : phone.reason, 'InvalidPhone');
  const { locale, text } = await renderTemplateText(input.template, channel, input.locale, input.context);
  if (!text) throw ApplicationFailure.nonRetryable(`the ${channel} text rendered empty`, 'TemplateError');
  return { receptor: phone.local, text, locale };
}
