import { localIdFor } from '../../activities/channels/sms/sendOnce.js';
import { callTaskId, messageKey, type Customer, type ExpectedMessage, type MessageChannel } from './scenarios.js';

/** One message a provider accepted (or a call task that was created), as the ledger saw it. */
export interface Accepted {
  channel: MessageChannel;
  /** Message-ID, Kavenegar localid or call-task workflow ID. */
  key: string;
  at: number;
  customer?: Customer;
  stepId?: string;
}

export type ChannelCounts = Record<'expected' | 'delivered' | 'duplicated' | 'lost' | 'afterUnsubscribe' | 'unexpected' | 'sameIdAgain' | 'refused', number>;

export interface LedgerResult {
  perChannel: Record<MessageChannel, ChannelCounts>;
  total: ChannelCounts;
  /** One line per problem (lost, duplicated, unexpected, after unsubscribe, unknown message). */
  problems: string[];
}

const emptyCounts = (): ChannelCounts => ({ expected: 0, delivered: 0, duplicated: 0, lost: 0, afterUnsubscribe: 0, unexpected: 0, sameIdAgain: 0, refused: 0 });
const messageIdOf = (key: string): string => `<${key.replace(/[^\w.-]+/g, '.')}@peygir>`;

/**
 * Every message the SMTP sink and the Kavenegar stub accepted, and every call task created, by
 * customer and step (found through the message's key: Message-ID, localid, call task ID), against
 * what each customer's scenario expects.
 */
export class Ledger {
  readonly accepted: Accepted[] = [];
  /** When the API took each customer's `unsubscribed` event (202). */
  readonly unsubscribedAt = new Map<string, number>();
  private readonly byKey = new Map<string, { customer: Customer; stepId: string; channel: MessageChannel }>();
  private readonly listeners = new Set<(entry: Accepted) => void>();

  constructor(readonly customers: Customer[], stepsByChannel: Record<MessageChannel, { customer: Customer; stepId: string }[]>) {
    for (const [channel, steps] of Object.entries(stepsByChannel) as [MessageChannel, { customer: Customer; stepId: string }[]][]) {
      for (const { customer, stepId } of steps) this.byKey.set(`${channel}:${this.keyFor(channel, customer, stepId)}`, { customer, stepId, channel });
    }
  }

  /** The key this channel's provider sees for a step's message. */
  keyFor(channel: MessageChannel, customer: Customer, stepId: string): string {
    const key = messageKey(customer, stepId);
    if (channel === 'email') return messageIdOf(key);
    if (channel === 'sms') return localIdFor('sms', key);
    return callTaskId(customer, stepId);
  }

  /** Which customer and step a provider key belongs to (undefined: not a message any step could send). */
  lookup(channel: MessageChannel, key: string): { customer: Customer; stepId: string } | undefined {
    return this.byKey.get(`${channel}:${key}`);
  }

  record(channel: MessageChannel, key: string, at = Date.now()): Accepted {
    const entry: Accepted = { channel, key, at, ...this.lookup(channel, key) };
    this.accepted.push(entry);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  onAccepted(listener: (entry: Accepted) => void): void {
    this.listeners.add(listener);
  }

  has(channel: MessageChannel, key: string): boolean {
    return this.accepted.some((entry) => entry.channel === channel && entry.key === key);
  }

  /** Keys of one channel the provider accepted more than once (resends with the same Message-ID or localid). */
  resentKeys(channel: MessageChannel): string[] {
    const seen = new Map<string, number>();
    for (const entry of this.accepted) if (entry.channel === channel) seen.set(entry.key, (seen.get(entry.key) ?? 0) + 1);
    return [...seen.entries()].filter(([, count]) => count > 1).map(([key]) => key);
  }

  /** Counts per channel; `refusedKeys` are the messages the provider refused by design (550). */
  result(refusedKeys: Set<string>): LedgerResult {
    const perChannel: Record<MessageChannel, ChannelCounts> = { email: emptyCounts(), sms: emptyCounts(), call_task: emptyCounts() };
    const problems: string[] = [];
    const entriesByCustomer = new Map<string, Accepted[]>();
    for (const entry of this.accepted) {
      if (!entry.customer) {
        perChannel[entry.channel].unexpected += 1;
        problems.push(`${entry.channel} ${entry.key}: accepted, but no step of any customer sends it`);
        continue;
      }
      entriesByCustomer.set(entry.customer.id, [...(entriesByCustomer.get(entry.customer.id) ?? []), entry]);
    }
    for (const customer of this.customers) {
      const entries = entriesByCustomer.get(customer.id) ?? [];
      const expected = customer.scenario.expected;
      const isExpected = (entry: Accepted): boolean => expected.some((message) => message.channel === entry.channel && message.stepId === entry.stepId);
      for (const message of expected) {
        const counts = perChannel[message.channel];
        counts.expected += 1;
        const copies = entries.filter((entry) => entry.channel === message.channel && entry.stepId === message.stepId);
        const distinctKeys = new Set(copies.map((entry) => entry.key));
        if (copies.length === 0) {
          counts.lost += 1;
          problems.push(`${customer.id} (${customer.scenario.name}): ${describe(message)} lost`);
          continue;
        }
        counts.delivered += 1;
        counts.duplicated += distinctKeys.size - 1;
        counts.sameIdAgain += copies.length - distinctKeys.size;
        if (distinctKeys.size > 1) problems.push(`${customer.id}: ${describe(message)} delivered ${distinctKeys.size} times with different keys`);
      }
      for (const message of customer.scenario.refused ?? []) {
        const key = this.keyFor(message.channel, customer, message.stepId);
        if (refusedKeys.has(key)) perChannel[message.channel].refused += 1;
        else problems.push(`${customer.id}: ${describe(message)} should have been refused with 550 but never reached the sink`);
      }
      const firstSeen = new Map<string, number>();
      for (const entry of entries) if (!firstSeen.has(entry.key)) firstSeen.set(entry.key, entry.at);
      for (const entry of entries) {
        if (!isExpected(entry)) {
          perChannel[entry.channel].unexpected += 1;
          problems.push(`${customer.id} (${customer.scenario.name}): unexpected ${entry.channel} for step ${entry.stepId}`);
        }
        const unsubscribedAt = this.unsubscribedAt.get(customer.id);
        // A new message after the unsubscribe (a resend of one accepted before is the same message).
        if (unsubscribedAt !== undefined && entry.at > unsubscribedAt && (firstSeen.get(entry.key) ?? 0) > unsubscribedAt) {
          perChannel[entry.channel].afterUnsubscribe += 1;
          problems.push(`${customer.id}: ${entry.channel} for step ${entry.stepId} accepted ${entry.at - unsubscribedAt} ms after the unsubscribe`);
        }
      }
    }
    const total = emptyCounts();
    for (const counts of Object.values(perChannel)) for (const name of Object.keys(total) as (keyof ChannelCounts)[]) total[name] += counts[name];
    return { perChannel, total, problems };
  }
}

const describe = (message: ExpectedMessage): string => `${message.channel} ${message.template} (step ${message.stepId})`;
