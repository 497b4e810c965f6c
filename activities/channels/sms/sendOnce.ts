import { createHash } from 'node:crypto';
import type { KavenegarClient, KavenegarMessage } from '../kavenegar/client.js';
import { retryLater } from '../failures.js';

/** Kavenegar's status for a localid it has never seen. */
const UNKNOWN_LOCAL_ID = 100;

/**
 * Our localid for a message: numeric (some Kavenegar clients type it as a long), 48 bits of
 * SHA-256 over channel and messageKey, so every attempt of one step uses the same one.
 */
export function localIdFor(channel: 'sms' | 'call', messageKey: string): string {
  return String(createHash('sha256').update(`${channel}:${messageKey}`, 'utf8').digest().readUIntBE(0, 6));
}

export interface SentMessage {
  messageId: number;
  localId: string;
  /** True when Kavenegar already had this localid (an earlier attempt got through): nothing was sent now. */
  alreadySent: boolean;
}

/**
 * Sends at most once per localid: first asks Kavenegar whether it already has a message with it (an
 * earlier attempt may have been accepted just before a crash or timeout), and sends only if not.
 */
export async function sendOnce(
  client: KavenegarClient,
  localId: string,
  send: () => Promise<KavenegarMessage[]>,
): Promise<SentMessage> {
  const [known] = await client.statusByLocalId([localId]);
  if (known && known.messageid > 0 && known.status !== UNKNOWN_LOCAL_ID) {
    return { messageId: known.messageid, localId, alreadySent: true };
  }
  const [sent] = await send();
  if (!sent) throw retryLater('Kavenegar accepted the request but returned no message; checking again', 'KavenegarUnavailable');
  return { messageId: sent.messageid, localId, alreadySent: false };
}
