import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Channel } from '../../src/dsl/definition.js';
import type { Logger } from '../../src/logger.js';
import type { LedgerEntry, LedgerKind } from '../../src/store/ledger.js';
import { rootMessage } from '../../src/store/store.js';
import { isHardBounce } from '../../workflows/hardBounce.js';
import { writeLedger, type LedgerStore } from './writeLedger.js';

/** What every send's input says about its message. */
interface MessageInput {
  /** The ledger's subject: the same key the provider dedupes by (Message-ID, Kavenegar localid). */
  messageKey: string;
  /** Absent in sends scheduled before the store existed: there is nobody to file them under. */
  customerId?: string | undefined;
  sequenceId?: string | undefined;
}

/** Final failures that mean the message was never handed to a provider: skipped, with the reason. */
const SKIPPED = new Set(['ConsentWithdrawn', 'InvalidPhone', 'NoEmailAddress', 'ChannelNotConfigured']);

/**
 * A send activity that writes its message's history to the ledger: each attempt (`message.attempted`,
 * occurrence `<activity id>.<attempt>`, the attempt number in details), then `message.sent` with the provider's id, or
 * `message.failed` for that attempt (with the reason, and whether it is final), `message.skipped` when
 * it was never sent (consent withdrawn at send time, no address, invalid phone), `message.bounced` for a
 * hard bounce.
 *
 * When the store is down:
 * - before the provider, the attempt fails as StoreUnavailable and is retried: nothing was sent;
 * - after the provider accepted the message, the attempt fails the same way, and the retry recognises
 *   the message instead of sending it again (email: the accepted result kept in the heartbeat, the same
 *   Message-ID; SMS and calls: Kavenegar already knows the localid) and writes `sent` then. The ledger
 *   never causes a second send, and never loses a sent message;
 * - after a final failure, likewise retried until the entry is written (a retry of a refused message
 *   is refused again, and the workflow moves on once it is written);
 * - after a transient failure, the entry is logged as lost and the provider's failure retried as usual.
 */
export function recordSend<Input extends MessageInput, Output extends object>(
  deps: { store: LedgerStore; log: Logger },
  channel: Channel,
  send: (input: Input) => Promise<Output>,
): (input: Input) => Promise<Output> {
  return async function recorded(input: Input): Promise<Output> {
    const { customerId, messageKey, sequenceId } = input;
    if (customerId === undefined) return send(input);
    const { attempt, occurrence: attemptOccurrence } = attemptOf();
    const entry = (kind: LedgerKind, details: Record<string, unknown>, occurrence = ''): LedgerEntry => ({
      customerId,
      kind,
      subject: messageKey,
      occurrence,
      ...(sequenceId === undefined ? {} : { sequenceId }),
      occurredAt: new Date(),
      details: { channel, ...details },
    });

    await writeLedger(deps.store, [entry('message.attempted', { attempt }, attemptOccurrence)]);
    let sent: Output;
    try {
      sent = await send(input);
    } catch (error) {
      const failure = error instanceof ApplicationFailure ? error : undefined;
      const outcome = outcomeOf(failure, error);
      const written = outcome.kind === 'message.skipped' ? entry(outcome.kind, outcome.details) : entry(outcome.kind, { ...outcome.details, attempt }, attemptOccurrence);
      if (!outcome.final) {
        await deps.store
          .appendLedger(written)
          .catch((writeError: unknown) => deps.log.warn({ reason: rootMessage(writeError), attempt }, 'ledger: a failed attempt was not recorded (store unavailable)'));
        throw error;
      }
      await writeLedger(deps.store, isHardBounce(failure) ? [written, entry('message.bounced', { reason: failure?.message })] : [written]);
      throw error;
    }
    await writeLedger(deps.store, [entry('message.sent', providerIds(sent))]);
    return sent;
  };
}

function outcomeOf(
  failure: ApplicationFailure | undefined,
  error: unknown,
): { kind: 'message.failed' | 'message.skipped'; final: boolean; details: Record<string, unknown> } {
  const reason = failure?.message ?? rootMessage(error);
  const type = failure?.type ?? 'unknown';
  if (failure?.nonRetryable && SKIPPED.has(type)) return { kind: 'message.skipped', final: true, details: { reason, type } };
  const final = failure?.nonRetryable === true;
  return { kind: 'message.failed', final, details: { reason, type, final } };
}

/** The provider's ids and the language sent, never the address or number (those stay in the profile). */
function providerIds(sent: object): Record<string, unknown> {
  const { messageId, localId, locale, alreadySent } = sent as Record<string, unknown>;
  return Object.fromEntries(Object.entries({ messageId, localId, locale, alreadySent }).filter(([, value]) => value !== undefined));
}

/**
 * Temporal's attempt number of the running activity, and the ledger occurrence of that attempt:
 * `<activity id>.<attempt>`, as the numbers start again at 1 when the run schedules the send anew
 * (ops' retry_step). Outside an activity (a script, a test) attempt 1 of activity `0`.
 */
function attemptOf(): { attempt: number; occurrence: string } {
  let info: { activityId: string; attempt: number } = { activityId: '0', attempt: 1 };
  try {
    info = Context.current().info;
  } catch {
    // not running as an activity
  }
  return { attempt: info.attempt, occurrence: `${info.activityId}.${info.attempt}` };
}
