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
 * Classifies a failed send:
 * - no SMTP reply (refused, DNS, timeout, dropped) or a 4xx reply → retry with backoff;
 * - authentication refused → paused until ops fix SMTP_URL (retried every 30 minutes);
 * - a 5xx reply → `EmailRejected`, not retried; `hardBounce` when it is about the recipient's address
 *   (a 5xx to RCPT TO, or an enhanced status 5.1.x "bad address"), not when it is about us or the content
 *   (5.7.x policy, e.g. relaying denied or spam) — only a hard bounce should suppress the address.
 */
export function smtpFailure(error: unknown, address: string, log: Logger): ApplicationFailure {
  const fields: SmtpErrorFields = error instanceof Error ? (error as Error & SmtpErrorFields) : {};
  const message = error instanceof Error ? error.message : String(error);
  const { responseCode, command, response } = fields;

  if (fields.code === 'EAUTH') return pausedUntilFixed(log, `the SMTP server refused our login (${message}); check SMTP_URL`, 'SmtpPaused', error);
  if (responseCode === undefined || responseCode < 500) {
    const what = responseCode === undefined ? 'SMTP connection failed' : 'SMTP server answered with a temporary failure';
    return retryLater(`${what}: ${message}`, 'SmtpUnavailable', { cause: error });
  }
  const enhanced = /^\d{3}[ -](\d)\.(\d{1,3})\.\d{1,3}\b/.exec(response ?? '');
  const subject = enhanced?.[2];
  const hardBounce = subject === '1' || (command === 'RCPT TO' && subject !== '7');
  return ApplicationFailure.create({
    message: `the SMTP server rejected the email to ${address}: ${response ?? message}`,
    type: 'EmailRejected',
    nonRetryable: true,
    details: [{ hardBounce, address, responseCode, command, response }],
  });
}
