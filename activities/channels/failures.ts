import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from '../../src/logger.js';

/**
 * How long a channel waits before trying again when a human must fix something first (no credit,
 * bad credentials, IP not allowed). The message stays scheduled instead of being lost or failed over.
 */
export const PAUSED_RETRY_DELAY_MS = 30 * 60_000;

/** A transient failure: Temporal retries with the activity's backoff, or after `delayMs` when given. */
export function retryLater(
  message: string,
  type: string,
  options: { delayMs?: number | undefined; cause?: unknown; details?: unknown[] } = {},
): ApplicationFailure {
  return ApplicationFailure.create({
    message,
    type,
    nonRetryable: false,
    ...(options.delayMs === undefined ? {} : { nextRetryDelay: options.delayMs }),
    ...(options.cause instanceof Error ? { cause: options.cause } : {}),
    ...(options.details ? { details: options.details } : {}),
  });
}

/**
 * The channel's account or configuration needs ops: log an error that says what to do, and retry
 * after PAUSED_RETRY_DELAY_MS so the message goes out once it is fixed.
 */
export function pausedUntilFixed(log: Logger, message: string, type: string, cause?: unknown): ApplicationFailure {
  log.error({ err: cause, failureType: type }, `${message}; ACTION NEEDED: fix it, sends retry every ${PAUSED_RETRY_DELAY_MS / 60_000} minutes`);
  return retryLater(message, type, { delayMs: PAUSED_RETRY_DELAY_MS, cause });
}
