import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from '../../../src/logger.js';
import { pausedUntilFixed, retryLater } from '../failures.js';
import { KavenegarError } from '../kavenegar/errors.js';

/**
 * Runs a Kavenegar call and turns a KavenegarError into what Temporal should do:
 * retry → `KavenegarUnavailable`, retried (after the rate limit's delay when there is one);
 * pause (no credit, bad API key, IP not allowed, account disabled) → `KavenegarPaused`, an error log
 * for ops and a retry every 30 minutes, so nothing is lost while the account is fixed;
 * permanent → `rejectedType` (SmsRejected / CallRejected), not retried, details `{ code }`.
 */
export async function withKavenegarFailures<T>(
  log: Logger,
  rejectedType: 'SmsRejected' | 'CallRejected',
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof KavenegarError)) throw error;
    switch (error.kind) {
      case 'retry':
        throw retryLater(error.message, 'KavenegarUnavailable', { delayMs: error.retryAfterMs, cause: error });
      case 'pause':
        throw pausedUntilFixed(log, error.message, 'KavenegarPaused', error);
      case 'permanent':
        throw ApplicationFailure.create({
          message: error.message,
          type: rejectedType,
          nonRetryable: true,
          details: [{ code: error.code }],
        });
    }
  }
}
