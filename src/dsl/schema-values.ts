import { z } from 'zod';
import { parseClock, parseClosingClock } from '../schedule/calendar.js';
import { HOLIDAY_CALENDARS } from '../schedule/holidays.js';
import { isTimeZone } from '../schedule/zone.js';
import { DURATION_HINT, parseDuration } from './duration.js';

/** Small value shapes shared by the sequence schema: names, durations, clock times, windows. */

export const eventName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'an event type is snake_case, e.g. purchase or survey_answered');

export const fieldName = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]*$/, 'a field name starts with a lower-case letter: letters, digits and _ only');

export const templateName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a template name is snake_case, e.g. welcome or survey_nudge');

export const durationText = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, { message: `not a duration; ${DURATION_HINT}` });

const count = z.int().min(0);
export const durationParts = {
  months: count.optional(),
  weeks: count.optional(),
  days: count.optional(),
  hours: count.optional(),
  minutes: count.optional(),
};

/** "7d" or { days: 7 }: a duration that must last something. */
export const duration = z.union([
  durationText,
  z.strictObject(durationParts).refine((parts) => Object.values(parts).some((value) => value), {
    message: 'give at least one of months, weeks, days, hours, minutes',
  }),
]);

export const clockTime = z
  .string()
  .refine((text) => parseClock(text) !== undefined, { message: 'a local time is "HH:MM" in 24 hours, e.g. "10:00" or "18:30"' });

export const weekday = z.enum(['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri']);

const timeZone = z
  .string()
  .refine((name) => name === 'customer' || isTimeZone(name), {
    message: 'write customer (their profile zone, else Asia/Tehran) or an IANA zone like Asia/Tehran or Europe/Berlin',
  });

const hourRange = z.string().refine(
  (text) => {
    const [from = '', until = '', extra] = text.split('-').map((part) => part.trim());
    const [start, end] = [parseClock(from), parseClosingClock(until)];
    return start !== undefined && end !== undefined && extra === undefined && start < end;
  },
  { message: 'hours are "HH:MM-HH:MM" with the start before the end, e.g. "09:00-18:00" ("00:00-24:00": all day)' },
);

/** When messages may go out: days, hours and a zone (the customer's unless fixed). */
export const window = z.strictObject({
  timezone: timeZone.default('customer'),
  days: z.array(weekday).min(1).optional(),
  hours: hourRange,
  short_days: z.partialRecord(weekday, clockTime).optional(),
  holidays: z.enum(HOLIDAY_CALENDARS).optional().describe('iran: closed on Iran\'s public holidays (Nowruz, the lunar holidays…; default for calls without call_hours)'),
});

/** How months are counted: Gregorian (default) or Jalali (1405/11/30 + 1 month = 1405/12/29). */
export const calendarName = z.enum(['gregorian', 'jalali']);

export const fieldType = z.enum(['text', 'number', 'boolean', 'date', 'email', 'phone', 'list']);

/** An event field's type; a trailing `?` (`comment: text?`) says events may come without it. */
export const eventFieldType = z.union([fieldType, z.templateLiteral([fieldType, '?'])]);

export type WindowYaml = z.infer<typeof window>;
export type FieldType = z.infer<typeof fieldType>;
export type EventFieldType = z.infer<typeof eventFieldType>;
