import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from '../../../src/logger.js';
import { pausedUntilFixed, retryLater } from '../failures.js';

/** What nodemailer attaches to SMTP failures (see nodemailer's smtp-connection). */
interface SmtpErrorFields {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

/**
 * nodemailer's codes for a login that was refused (EAUTH) or that it knows is missing (ENOAUTH), and
 * the reply a server gives to a client that did not log in (530, RFC 4954 "authentication required").
 */
const LOGIN_ERROR_CODES = new Set(['EAUTH', 'ENOAUTH']);
const LOGIN_REQUIRED_REPLY = 530;

/**
 * Classifies a failed send:
 * - no SMTP reply (refused, DNS, timeout, dropped) or a 4xx reply → retry with backoff;
 * - our login refused or missing → paused until ops fix SMTP_URL (retried every 30 minutes). Not permanent:
 *   it is our configuration, not this email, so failing it would lose (or fail over) every email sent
 *   until the fix; paused, they all go out once SMTP_URL is right;
 * - a 5xx reply → `EmailRejected`, not retried; `hardBounce` when it is about the recipient's address
 *   (a 5xx to RCPT TO, or an enhanced status 5.1.x "bad address"), not when it is about us or the content
 *   (5.7.x policy, e.g. relaying denied or spam) — only a hard bounce should suppress the address.
 */
export function smtpFailure(error: unknown, address: string, log: Logger): ApplicationFailure {
  const fields: SmtpErrorFields = error instanceof Error ? (error as Error & SmtpErrorFields) : {};
  // Failure messages are stored in Temporal unencrypted (README "Customer data in Temporal"): no address
  // in them; the details, which are encrypted, keep it.
  const withoutAddress = (text: string): string => (address ? text.split(address).join('<recipient>') : text);
  const message = withoutAddress(error instanceof Error ? error.message : String(error));
  const { responseCode, command } = fields;
  const response = fields.response === undefined ? undefined : withoutAddress(fields.response);

  if (LOGIN_ERROR_CODES.has(fields.code ?? '') || responseCode === LOGIN_REQUIRED_REPLY) {
    return pausedUntilFixed(log, `the SMTP server did not accept our login (${message}); check the user and password in SMTP_URL`, 'SmtpPaused', error);
  }
  if (responseCode === undefined || responseCode < 500) {
    const what = responseCode === undefined ? 'SMTP connection failed' : 'SMTP server answered with a temporary failure';
    return retryLater(`${what}: ${message}`, 'SmtpUnavailable', { cause: error });
  }
  const enhanced = /^\d{3}[ -](\d)\.(\d{1,3})\.\d{1,3}\b/.exec(response ?? '');
  const subject = enhanced?.[2];
  const hardBounce = subject === '1' || (command === 'RCPT TO' && subject !== '7');
  return ApplicationFailure.create({
    message: `the SMTP server rejected the email: ${response ?? message}`,
    type: 'EmailRejected',
    nonRetryable: true,
    details: [{ hardBounce, address, responseCode, command, response: fields.response }],
  });
}
