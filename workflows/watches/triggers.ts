import type { CalendarDuration, SequenceDefinition } from '../../src/dsl/definition.js';

/**
 * The triggers Peygir fires by itself for a customer (README "Silence and date triggers"): shared by
 * the compiler, the validator, the registry and the contact workflow, so they cannot disagree.
 */

/** The type of the trigger event a silence makes; its data: `last_seen` (ISO instant), `days_inactive`. */
export const SILENCE_EVENT = 'customer_silent';
/** The type of the trigger event a date makes; its data: `field`, `date` (the occurrence's local day), `value` (as stored). */
export const DATE_EVENT = 'date_reached';

/** What templates and conditions may read in each self-made trigger event's data (the validator's declarations). */
export const SELF_TRIGGER_DATA = {
  [SILENCE_EVENT]: { last_seen: 'date', days_inactive: 'number' },
  [DATE_EVENT]: { field: 'text', date: 'text', value: 'text' },
} as const;

/** A sequence whose runs Peygir starts by itself, not on an event the customer sends. */
export const isSelfTriggered = (sequence: Pick<SequenceDefinition, 'trigger'>): boolean => Boolean(sequence.trigger.silence ?? sequence.trigger.date);

const MINUTE = 60_000;

/** A silence's length in milliseconds: weeks and days of 24 hours, hours and minutes (the schema refuses months). */
export function elapsedMs(duration: CalendarDuration): number {
  const { weeks = 0, days = 0, hours = 0, minutes = 0 } = duration;
  return (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * MINUTE;
}
