import { ApplicationFailure, Context } from '@temporalio/activity';
import type { EmailContent, Locale, Template } from '../../../src/dsl/definition.js';
import type { Logger } from '../../../src/logger.js';
import { isHttpUrl, type Links, type MessageRef } from '../../../src/security/links.js';
import type { ConsentAtSend } from '../consentAtSend.js';
import { rewriteLinks } from './html.js';
import { emailLayout, textWithFooter } from './layout.js';
import type { Mailer } from './mailer.js';
import { renderEmail } from './render.js';
import { smtpFailure } from './smtpFailure.js';

export interface SendEmailInput {
  /** Stable across retries: enrollment workflow ID + step ID. Becomes the Message-ID. */
  messageKey: string;
  to: string;
  /** The customer's preferred locale; the template's other locale is the fallback. */
  locale: Locale;
  template: Template;
  context: Record<string, unknown>;
  /** Whose email this is and which sequence sent it: carried in the unsubscribe, open and click links. */
  customerId: string;
  sequenceId: string;
  /** The sequence's sender and reply-to; the configured MAIL_FROM when absent. */
  from?: string;
  replyTo?: string;
}

export interface SendEmailResult {
  messageId: string;
  /** The locale actually sent (the preferred one, or the template's fallback). */
  locale: Locale;
}

export interface SendEmailDeps {
  mailer: Mailer;
  from: string;
  links: Links;
  log: Logger;
  /** Asked right before the SMTP server, after an earlier attempt's delivery is recognised (createActivities passes the store's). */
  consent?: ConsentAtSend;
}

/**
 * Renders and sends one email: subject, plain text and HTML in the shared layout (RTL for Persian),
 * one-click unsubscribe headers (RFC 8058), tracked links and open pixel, and a Message-ID derived from
 * `messageKey`. Failures: `NoEmailAddress`, `TemplateError`, `EmailRejected` (details `{ hardBounce,
 * address, … }`), `ConsentWithdrawn` are final; connection problems and 4xx replies retry; `SmtpPaused` waits for ops.
 */
export function createSendEmail(deps: SendEmailDeps) {
  return async function sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
    // An earlier attempt whose SMTP server accepted the message recorded it in its last heartbeat;
    // this retry (after a worker crash or a lost completion) must not send it again.
    const activity = currentActivity();
    const accepted = activity?.info.heartbeatDetails as SendEmailResult | undefined;
    if (accepted?.messageId) return accepted;
    if (!input.to.trim()) throw ApplicationFailure.nonRetryable('the customer has no email address', 'NoEmailAddress');
    const { locale, content } = pickContent(input.template, input.locale);
    const rendered = await renderEmail(content, input.context).catch((error: Error) => {
      throw ApplicationFailure.nonRetryable(`template could not be rendered: ${error.message}`, 'TemplateError');
    });

    const ref: MessageRef = { customerId: input.customerId, sequenceId: input.sequenceId, messageKey: input.messageKey };
    const unsubscribeUrl = deps.links.unsubscribeUrl(ref);
    const html = emailLayout({
      locale,
      subject: rendered.subject,
      bodyHtml: rewriteLinks(rendered.html, (url) => (isHttpUrl(url) ? deps.links.clickUrl(ref, url) : undefined)),
      preheader: rendered.preheader,
      unsubscribeUrl,
      openPixelUrl: deps.links.openUrl(ref),
    });

    const from = input.from ?? deps.from;
    const messageId = `<${input.messageKey.replace(/[^\w.-]+/g, '.')}@peygir>`;
    const unsubscribeMailto = `mailto:${bareAddress(input.replyTo ?? from)}?subject=unsubscribe&body=${encodeURIComponent(unsubscribeUrl)}`;
    await deps.consent?.(input.customerId, 'email', input.to);
    await deps.mailer
      .send({
        from,
        ...(input.replyTo ? { replyTo: input.replyTo } : {}),
        to: input.to,
        subject: rendered.subject,
        text: textWithFooter(locale, rendered.text, unsubscribeUrl),
        html,
        messageId,
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>, <${unsubscribeMailto}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      })
      .catch((error: unknown) => {
        throw smtpFailure(error, input.to, deps.log);
      });
    const result = { messageId, locale };
    activity?.heartbeat(result);
    return result;
  };
}

/** The running activity's context; none when called directly (a test, a script). */
function currentActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

function pickContent(template: Template, preferred: Locale): { locale: Locale; content: EmailContent } {
  for (const locale of [preferred, 'fa', 'en'] as const) {
    const content = template.email?.[locale];
    if (content) return { locale, content };
  }
  throw ApplicationFailure.nonRetryable('the template has no email content', 'TemplateError');
}

/** `Peygir <noreply@example.com>` → `noreply@example.com`. */
const bareAddress = (mailbox: string): string => /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
