import { z } from 'zod';
import { parseDuration } from './duration.js';
import { condition } from './schema-conditions.js';
import { clockTime, eventName, fieldName } from './schema-values.js';

/**
 * What starts a run, one union member per kind (each a map with its own key, so the validator can
 * tell which one was meant): an event the customer sends, or a trigger Peygir fires itself for the
 * customer (silence, a date field).
 */

/** "60d", "2w", "12h": silence is counted in elapsed days, weeks, hours or minutes (not months). */
const silenceDuration = z.string().refine((text) => {
  const duration = parseDuration(text);
  return duration !== undefined && duration.months === undefined;
}, { message: 'not a silence length; write days, weeks or hours, e.g. 30d, 8w or 36h' });

/** "-7d", "+1d", "2h": before (-) or after the date; days, weeks or hours. */
const dateOffset = z.string().refine((text) => {
  const duration = parseDuration(text.replace(/^[+-]/, ''));
  return duration !== undefined && duration.months === undefined;
}, { message: 'an offset is a signed length in days, weeks or hours, e.g. -7d, +1d or -12h' });

export const eventTrigger = z.strictObject({ event: eventName, where: condition.optional() });

export const silenceTrigger = z.strictObject({
  silence: z
    .strictObject({
      events: z.array(eventName).min(1).describe('The events that count as activity, e.g. [purchase, login]'),
      for: silenceDuration.describe('How long without any of them, e.g. 60d'),
    })
    .describe('Starts when the customer has done none of `events` for `for`; the trigger event is customer_silent'),
  where: condition.optional(),
});

export const dateTrigger = z.strictObject({
  date: z
    .strictObject({
      field: fieldName.describe('The customer field holding the date (Gregorian 2026-05-12 or Jalali 1370/05/12)'),
      every: z.enum(['year', 'once']).default('year').describe('year: on each anniversary (a Jalali date on its Jalali day); once: on the date itself'),
      offset: dateOffset.optional().describe('Before (-7d) or after (+1d) the date'),
      at: clockTime.default('10:00').describe("Local time in the customer's zone (profile timezone, default Asia/Tehran)"),
    })
    .describe('Starts on a date of the customer (birthday, renewal, trial end); the trigger event is date_reached'),
  where: condition.optional(),
});

/** The key that names each trigger kind, in the order of the union below. */
export const TRIGGER_KINDS = ['event', 'silence', 'date'] as const;

export const trigger = z
  .union([eventTrigger, silenceTrigger, dateTrigger])
  .describe('What enrolls a customer: an event, silence (none of some events for a while) or a date field, with an optional condition');

export type TriggerYaml = z.infer<typeof trigger>;
