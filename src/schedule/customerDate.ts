import type { DateTrigger } from '../dsl/definition.js';
import { toLatinDigits } from '../locale/digits.js';
import { formatGregorianDate, formatJalaliDate, fromJalali, jalaliMonthLength, parseJalaliDate, toJalali, type CalendarDate } from '../locale/jalali.js';
import { addCalendarDuration } from './calendar.js';
import { fromLocal, toLocal, zoneOrDefault } from './zone.js';

/**
 * A date a customer field holds (birthday, renewal date, trial end), as intake and date triggers read it:
 * Gregorian `2026-05-12` (an ISO instant counts by the day written), or Jalali `1370/05/12`, `1370-5-12`
 * or marked `jalali:1370/05/12`, in Latin or Persian digits. Empty and zero values (`""`, `0`, `"0"`,
 * `1970-01-01`) are no date: they never fire. Anything else is not a date.
 */
export type CustomerDate = { calendar: 'gregorian' | 'jalali'; date: CalendarDate } | 'empty' | 'invalid';

/** What intake says about a value that is not a date. */
export const CUSTOMER_DATE_HINT = 'write a date like 2026-05-12 or, in the Jalali calendar, 1370/05/12 (or leave it empty)';

export function parseCustomerDate(value: unknown): CustomerDate {
  if (value === undefined || value === null || value === '' || value === 0) return 'empty';
  if (typeof value !== 'string') return 'invalid';
  const text = toLatinDigits(value.trim());
  if (text === '' || text === '0' || text.startsWith('1970-01-01')) return 'empty';
  const marked = /^jalali:\s*(.+)$/i.exec(text);
  const jalali = parseJalaliDate(marked?.[1] ?? text);
  if (jalali) return { calendar: 'jalali', date: jalali };
  if (marked) return 'invalid';
  const gregorian = /^((?:19|20)\d\d)[-/](\d\d?)[-/](\d\d?)(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$/.exec(text);
  if (!gregorian) return 'invalid';
  const date = { year: Number(gregorian[1]), month: Number(gregorian[2]), day: Number(gregorian[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day ? { calendar: 'gregorian', date } : 'invalid';
}

/**
 * The next time a date trigger fires after `after`: the date (every year: its anniversary, a Jalali date
 * on its Jalali day) moved by the offset, at the local time `at` in `timeZone`. Days that a year lacks
 * fall on the month's last day: Esfand 30 on Esfand 29 in a non-leap year, 29 February on the 28th.
 * `date` is the anniversary's day in the value's calendar (it names the occurrence). None for an empty
 * value, a value that is not a date, or a `once` date already past.
 */
export function nextCustomerDate(value: unknown, trigger: Pick<DateTrigger, 'every' | 'offset' | 'at'>, timeZone: string | undefined, after: Date): { at: Date; date: string } | undefined {
  const parsed = parseCustomerDate(value);
  if (parsed === 'empty' || parsed === 'invalid') return undefined;
  const zone = zoneOrDefault(timeZone);
  const [hour = 0, minute = 0] = trigger.at.split(':').map(Number);
  const fireAt = (gregorian: CalendarDate): Date => addCalendarDuration(fromLocal({ ...gregorian, hour, minute, second: 0 }, zone), trigger.offset ?? {}, zone);
  const occurrence = (year: number): { gregorian: CalendarDate; date: string } => {
    const day = { year, month: parsed.date.month, day: parsed.date.day };
    if (parsed.calendar === 'jalali') {
      const clamped = { ...day, day: Math.min(day.day, jalaliMonthLength(year, day.month)) };
      return { gregorian: fromJalali(clamped), date: formatJalaliDate(clamped) };
    }
    const clamped = { ...day, day: Math.min(day.day, new Date(Date.UTC(year, day.month, 0)).getUTCDate()) };
    return { gregorian: clamped, date: formatGregorianDate(clamped) };
  };
  if (trigger.every === 'once') {
    const once = occurrence(parsed.date.year);
    const at = fireAt(once.gregorian);
    return at > after ? { at, date: once.date } : undefined;
  }
  const local = toLocal(after, zone);
  const thisYear = parsed.calendar === 'jalali' ? toJalali(local).year : local.year;
  // An offset of up to a year either side: the anniversary a year back may still fire after `after`.
  for (let year = Math.max(thisYear - 1, parsed.date.year); year <= thisYear + 2; year += 1) {
    const next = occurrence(year);
    const at = fireAt(next.gregorian);
    if (at > after) return { at, date: next.date };
  }
  return undefined;
}
