import type { CalendarDuration } from '../dsl/definition.js';
import { addJalaliMonths, addMonthsClamped, fromJalali, toJalali, type CalendarDate } from '../locale/jalali.js';
import { fromLocal, toLocal } from './zone.js';

const MINUTE = 60_000;

/** Parses local "HH:MM" (00:00–23:59) into minutes after midnight; undefined when it is not one. */
export function parseClock(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** A window's closing time: "HH:MM", or "24:00" for the end of the day (an all-day window is "00:00-24:00"). */
export function parseClosingClock(text: string): number | undefined {
  return text === '24:00' ? 24 * 60 : parseClock(text);
}

function clock(text: string): { hour: number; minute: number } {
  const minutes = parseClock(text);
  if (minutes === undefined) throw new RangeError(`"${text}" is not a local time like 09:30`);
  return { hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `months` calendar months after the local day `date`, the day clamped to the month's end, in the Gregorian or Jalali calendar. */
function addMonths(date: CalendarDate, months: number, calendar: CalendarDuration['calendar']): CalendarDate {
  if (calendar === 'jalali') return fromJalali(addJalaliMonths(toJalali(date), months));
  return addMonthsClamped(date, months, daysInMonth);
}

/**
 * `instant` + `duration` as a person in `timeZone` counts it: months are calendar months with the
 * day clamped to the month's end (Jan 31 + 1 month = Feb 28/29; with `calendar: 'jalali'`, Jalali
 * months: 1405/11/30 + 1 month = 1405/12/29), weeks and days are calendar days
 * keeping the local clock time (so a day across a DST change is 23 or 25 hours), hours and
 * minutes are elapsed time.
 */
export function addCalendarDuration(instant: Date, duration: CalendarDuration, timeZone: string): Date {
  const { months = 0, weeks = 0, days = 0, hours = 0, minutes = 0 } = duration;
  let result = instant;
  if (months || weeks || days) {
    const local = toLocal(instant, timeZone);
    const { year, month, day } = addMonths(local, months, duration.calendar);
    const shifted = new Date(Date.UTC(year, month - 1, day + weeks * 7 + days));
    result = fromLocal(
      { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: local.hour, minute: local.minute, second: local.second },
      timeZone,
    );
  }
  return new Date(result.getTime() + (hours * 60 + minutes) * MINUTE);
}

/** The same local day as `instant`, at local "HH:MM" (may be earlier than `instant`). */
export function atLocalTime(instant: Date, time: string, timeZone: string): Date {
  const local = toLocal(instant, timeZone);
  return fromLocal({ ...local, ...clock(time), second: 0 }, timeZone);
}

/** The first local "HH:MM" at or after `instant`: today's if it is still ahead, else tomorrow's. */
export function nextLocalTime(instant: Date, time: string, timeZone: string): Date {
  const today = atLocalTime(instant, time, timeZone);
  return today >= instant ? today : atLocalTime(addCalendarDuration(instant, { days: 1 }, timeZone), time, timeZone);
}

/**
 * When a `wait` ends. Without `at`, `from` + `duration`. With `at`, a wait of whole days, weeks or
 * months lands on that day at the local time ("wait 1mo at 10:00" = 10:00 on the day a month
 * later), and a wait of only hours/minutes lands on the first such local time after it.
 */
export function wakeTime(from: Date, duration: CalendarDuration, at: string | undefined, timeZone: string): Date {
  const end = addCalendarDuration(from, duration, timeZone);
  if (at === undefined) return end;
  const wholeDays = Boolean(duration.months || duration.weeks || duration.days);
  return wholeDays ? atLocalTime(end, at, timeZone) : nextLocalTime(end, at, timeZone);
}
