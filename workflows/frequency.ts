import type { Channel } from '../src/dsl/definition.js';
import type { FrequencyCaps } from '../src/dsl/frequencyCaps.js';

/** A send the contact has allowed (in the past, or reserved for later). */
export interface PlannedSend {
  channel: Channel;
  at: number;
}

const KEPT_MS = 31 * 86_400_000;

/**
 * The earliest instant at or after `now` when one more message on `channel` keeps every window of
 * the cap under its maximum, given the sends already made or reserved. Pure, for the contact workflow.
 */
export function earliestAllowed(sends: PlannedSend[], caps: FrequencyCaps, channel: Channel, now: number): number {
  const cap = caps[channel];
  if (!cap) return now;
  const times = sends.filter((send) => send.channel === channel).map((send) => send.at);
  const candidates = [now, ...times.map((at) => at + cap.windowMs)].filter((at) => at >= now).sort((a, b) => a - b);
  const fits = (at: number): boolean =>
    times.filter((t) => t > at - cap.windowMs && t <= at).length < cap.max &&
    times.filter((t) => t >= at && t < at + cap.windowMs).length < cap.max;
  return candidates.find(fits) ?? Math.max(...times) + cap.windowMs;
}

/** Drops sends too old to matter for any cap window (at most a month is kept). */
export function pruneSends(sends: PlannedSend[], now: number): PlannedSend[] {
  return sends.filter((send) => send.at > now - KEPT_MS);
}
