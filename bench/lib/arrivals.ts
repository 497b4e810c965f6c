import { performance } from 'node:perf_hooks';
import type { ParsedMail } from 'mailparser';
import type { LocalSmtpServer } from '../../tests/support/smtpServer.js';

/**
 * Follows a local SMTP server's inbox: calls `onArrival` for each message as it is accepted, with the
 * time (performance.now()), until `count` messages arrived or `timeoutMs` passed. Returns how many arrived.
 */
export async function followArrivals(
  smtp: LocalSmtpServer,
  count: number,
  timeoutMs: number,
  onArrival: (mail: ParsedMail, at: number) => void,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let seen = smtp.messages.length;
  while (seen < count) {
    try {
      await smtp.waitForMessages(seen + 1, Math.max(1, deadline - performance.now()));
    } catch {
      break; // out of time
    }
    const at = performance.now();
    for (; seen < smtp.messages.length; seen++) {
      const mail = smtp.messages[seen];
      if (mail) onArrival(mail, at);
    }
  }
  return seen;
}
