import { ApplicationFailure } from '@temporalio/activity';
import type { Locale, Template } from '../../../src/dsl/definition.js';
import type { Mailer } from './mailer.js';
import { renderEmail } from './render.js';

export interface SendEmailInput {
  /** Stable across retries: enrollment workflow ID + step ID. Becomes the Message-ID. */
  messageKey: string;
  to: string;
  /** The customer's preferred locale; the template's other locale is the fallback. */
  locale: Locale;
  template: Template;
  context: Record<string, unknown>;
}

export function createSendEmail(deps: { mailer: Mailer; from: string }) {
  return async function sendEmail(input: SendEmailInput): Promise<{ messageId: string }> {
    if (!input.to) {
      throw ApplicationFailure.nonRetryable('the customer has no email address', 'NoEmailAddress');
    }
    const content = input.template.email?.[input.locale] ?? input.template.email?.fa ?? input.template.email?.en;
    if (!content) throw ApplicationFailure.nonRetryable('the template has no email content', 'TemplateError');
    const { subject, text } = await renderEmail(content, input.context).catch((error: Error) => {
      throw ApplicationFailure.nonRetryable(`template could not be rendered: ${error.message}`, 'TemplateError');
    });
    const messageId = `<${input.messageKey.replace(/[^\w.-]+/g, '.')}@peygir>`;
    await deps.mailer.send({ from: deps.from, to: input.to, subject, text, messageId });
    return { messageId };
  };
}
