import { formatGregorianDate, formatJalaliDate, fromJalali, toJalali, type CalendarDate } from '../locale/jalali.js';
import { DEFAULT_TIMEZONE, fromLocal, toLocal } from '../schedule/zone.js';

export type PeriodLength = 'day' | 'week' | 'month';
export type ReportCalendar = 'gregorian' | 'jalali';

/** One row's time span: [start, end), starting at midnight in the report's time zone. */
export interface Period {
  /** The first day, `2026-03-21` (Gregorian) or `1405/01/01` (Jalali). */
  label: string;
  start: Date;
  end: Date;
}

export interface PeriodOptions {
  from: Date;
  to: Date;
  period: PeriodLength;
  /** Whose midnight starts a day: Asia/Tehran unless told. */
  timeZone?: string;
  /** Jalali: months are Jalali months, weeks start on Saturday, labels are Jalali dates. Gregorian: calendar months, weeks from Monday. */
  calendar?: ReportCalendar;
}

const DAY = 86_400_000;
const dayNumber = (date: CalendarDate): number => Date.UTC(date.year, date.month - 1, date.day) / DAY;
const fromDayNumber = (day: number): CalendarDate => {
  const date = new Date(day * DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};

/** The first day of the period holding Gregorian `date`. */
function periodStart(date: CalendarDate, period: PeriodLength, calendar: ReportCalendar): CalendarDate {
  if (period === 'day') return date;
  if (period === 'week') {
    const weekday = new Date(dayNumber(date) * DAY).getUTCDay(); // 0 Sunday … 6 Saturday
    const daysIntoWeek = calendar === 'jalali' ? (weekday + 1) % 7 : (weekday + 6) % 7;
    return fromDayNumber(dayNumber(date) - daysIntoWeek);
  }
  if (calendar === 'jalali') return fromJalali({ ...toJalali(date), day: 1 });
  return { ...date, day: 1 };
}

/** The first day of the period after the one starting on `start`. */
function nextPeriodStart(start: CalendarDate, period: PeriodLength, calendar: ReportCalendar): CalendarDate {
  if (period !== 'month') return fromDayNumber(dayNumber(start) + (period === 'day' ? 1 : 7));
  if (calendar === 'gregorian') return start.month === 12 ? { year: start.year + 1, month: 1, day: 1 } : { ...start, month: start.month + 1 };
  const jalali = toJalali(start);
  return fromJalali(jalali.month === 12 ? { year: jalali.year + 1, month: 1, day: 1 } : { year: jalali.year, month: jalali.month + 1, day: 1 });
}

/**
 * The periods that cover [from, to): the first is the whole period holding `from` (a week report from
 * a Wednesday starts on that week's first day), the last the one holding the instant before `to`.
 */
export function periodsOf(options: PeriodOptions): Period[] {
  const timeZone = options.timeZone ?? DEFAULT_TIMEZONE;
  const calendar = options.calendar ?? 'gregorian';
  const midnight = (date: CalendarDate): Date => fromLocal({ ...date, hour: 0, minute: 0, second: 0 }, timeZone);
  const periods: Period[] = [];
  let day = periodStart(toLocal(options.from, timeZone), options.period, calendar);
  while (midnight(day) < options.to) {
    const next = nextPeriodStart(day, options.period, calendar);
    periods.push({ label: calendar === 'jalali' ? formatJalaliDate(toJalali(day)) : formatGregorianDate(day), start: midnight(day), end: midnight(next) });
    day = next;
  }
  return periods;
}

/** The periods covering the query's range and the span they make, [start, end); none when the range holds no period. */
export function periodSpan(options: PeriodOptions): { periods: Period[]; start: Date; end: Date } | undefined {
  const periods = periodsOf(options);
  const first = periods[0];
  const last = periods.at(-1);
  return first && last ? { periods, start: first.start, end: last.end } : undefined;
}

/** The period holding `instant`, if any. */
export function periodAt(periods: Period[], instant: Date): Period | undefined {
  return periods.find((period) => period.start <= instant && instant < period.end);
}
