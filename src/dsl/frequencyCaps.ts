import type { Channel } from './definition.js';

/** At most `max` messages on a channel in any `windowMs`, across all of a customer's sequences. */
export type FrequencyCaps = Partial<Record<Channel, { max: number; windowMs: number }>>;

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Parses "email:3/1d,sms:2/1d,call:1/1w" (FREQUENCY_CAPS). Returns a message naming the bad part
 * instead of throwing, so config validation can report it.
 */
export function parseFrequencyCaps(text: string): FrequencyCaps | string {
  const caps: FrequencyCaps = {};
  for (const part of text.split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const match = /^(email|sms|call):(\d+)\/(\d+)([hdw])$/.exec(part);
    if (!match) return `"${part}" is not channel:max/window, e.g. email:3/1d (h, d or w)`;
    const [, channel, max, amount, unit] = match as unknown as [string, Channel, string, string, keyof typeof UNIT_MS];
    caps[channel] = { max: Number(max), windowMs: Number(amount) * UNIT_MS[unit] };
  }
  return caps;
}
