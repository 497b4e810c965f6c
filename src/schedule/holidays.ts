import shipped from '../../data/holidays/iran.json' with { type: 'json' };
import { formatGregorianDate, fromJalali, parseJalaliDate, type CalendarDate } from '../locale/jalali.js';

/**
 * Iranian public holidays, as a window with `holidays: iran` skips them. The table ships in
 * data/holidays/iran.json (its source and the caveat on lunar dates are written in it); an
 * installation adds and removes days with HOLIDAYS_FILE (src/schedule/holidayFile.ts).
 */

/** The holiday calendars a window may name (`holidays: iran`). */
export const HOLIDAY_CALENDARS = ['iran'] as const;
export type HolidayCalendarName = (typeof HOLIDAY_CALENDARS)[number];

/** The days off: Gregorian day ("2027-03-21") → what the day is ("Nowruz"). */
export interface Holidays {
  days: ReadonlyMap<string, string>;
}

/** One day in the shipped table or an override: a Jalali ("1406/01/01") or Gregorian ("2027-03-21") date. */
export interface HolidayEntry {
  date: string;
  name?: string | undefined;
}

/** An installation's changes to the shipped table: days its office also closes, and days it works. */
export interface HolidayOverrides {
  add?: HolidayEntry[] | undefined;
  remove?: string[] | undefined;
}

/** "1406/01/01" or "2027-03-21" → the Gregorian day; undefined when it is neither. */
export function holidayDay(text: string): string | undefined {
  const jalali = parseJalaliDate(text);
  if (jalali) return formatGregorianDate(fromJalali(jalali));
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text.trim());
  if (!match) return undefined;
  const date = new Date(`${match[0]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0] ? undefined : match[0];
}

/** The shipped table with an installation's additions and removals applied. Throws on a date that is not one. */
export function holidaysFrom(entries: readonly HolidayEntry[], overrides: HolidayOverrides = {}): Holidays {
  const days = new Map<string, string>();
  const dayOf = (text: string): string => {
    const day = holidayDay(text);
    if (!day) throw new RangeError(`"${text}" is not a date: write 1406/01/05 (Jalali) or 2027-03-25`);
    return day;
  };
  for (const entry of [...entries, ...(overrides.add ?? [])]) {
    const day = dayOf(entry.date);
    const name = entry.name ?? 'holiday';
    days.set(day, days.has(day) ? `${days.get(day)}; ${name}` : name);
  }
  for (const text of overrides.remove ?? []) days.delete(dayOf(text));
  return { days };
}

/** The holidays of Iran as shipped: 1405–1407 (2026-03-21 to 2029-03-20). */
export const IRAN_HOLIDAYS: Holidays = holidaysFrom(shipped.holidays);

/** Which Jalali years the shipped table covers, and where it comes from (for docs and the preview). */
export const IRAN_HOLIDAYS_SOURCE = { years: shipped.years, source: shipped.source, lunarDates: shipped.lunarDates };

/** What the local day `date` (Gregorian) is a holiday for, or undefined on a working day. */
export function holidayOn(holidays: Holidays, date: CalendarDate): string | undefined {
  return holidays.days.get(formatGregorianDate(date));
}

