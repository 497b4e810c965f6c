import type { SendWindow, Weekday } from '../dsl/definition.js';
import { addCalendarDuration, parseClock, parseClosingClock } from './calendar.js';
import { holidayOn, IRAN_HOLIDAYS, type Holidays } from './holidays.js';
import { fromLocal, toLocal, zoneOrDefault } from './zone.js';

export const WEEKDAYS: readonly Weekday[] = ['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'];

// Workflows decide with them whether a send has a window at all (workflows/enrollment/sendSlot.ts).
export { BUSINESS_HOURS, DEFAULT_SEND_WINDOWS } from '../../workflows/defaultSendWindows.js';

/** The zone a window is read in: a fixed IANA zone, or the customer's (Asia/Tehran when unknown). */
export function windowTimeZone(window: SendWindow, customerTimeZone: string | undefined): string {
  return zoneOrDefault(window.timezone === 'customer' ? customerTimeZone : window.timezone);
}

/** Local opening and closing minute of `day`, or undefined when the window is closed all day. */
function hoursOn(window: SendWindow, day: Weekday, holiday: boolean): { open: number; close: number } | undefined {
  if (!window.days.includes(day) || holiday) return undefined;
  const open = parseClock(window.start) ?? 0;
  const close = parseClosingClock(window.shortDays?.[day] ?? window.end) ?? 24 * 60;
  return close > open ? { open, close } : undefined;
}

/** Nowruz with the days around it closes a six-day window for up to 12 days; a month is plenty. */
const LONGEST_CLOSURE_DAYS = 31;

/**
 * `instant` itself when the window is open then, otherwise the moment it next opens (start
 * inclusive, end exclusive), read in `timeZone`; a window with `holidays` stays shut on the days
 * `holidays` lists (the installation's table; the shipped one by default). Throws when the window never opens.
 *
 * `keepTimeOfDay` (sends): a message due on a day the window is closed keeps its clock time on the
 * next open day when the window is open at that time, so a wait `at: "10:00"` that lands on a closed
 * Friday goes out on Saturday at 10:00, not at the 09:00 opening. A time outside the day's hours
 * (20:00 after a 17:00 close, 08:00 before a 09:00 opening) still goes at the next opening.
 */
export function nextOpenSlot(
  instant: Date,
  window: SendWindow,
  timeZone: string,
  holidays: Holidays = IRAN_HOLIDAYS,
  options: { keepTimeOfDay?: boolean } = {},
): Date {
  const due = toLocal(instant, timeZone);
  const dueMinute = due.hour * 60 + due.minute;
  for (let offset = 0; offset <= LONGEST_CLOSURE_DAYS; offset += 1) {
    const dayStart = offset === 0 ? instant : addCalendarDuration(instant, { days: offset }, timeZone);
    const local = toLocal(dayStart, timeZone);
    const hours = hoursOn(window, local.weekday, Boolean(window.holidays && holidayOn(holidays, local)));
    if (!hours) continue;
    if (offset === 0) {
      if (dueMinute >= hours.close) continue;
      if (dueMinute >= hours.open) return instant;
    } else if (options.keepTimeOfDay && dueMinute >= hours.open && dueMinute < hours.close) {
      return dayStart;
    }
    return fromLocal({ ...local, hour: Math.floor(hours.open / 60), minute: hours.open % 60, second: 0 }, timeZone);
  }
  throw new RangeError('the send window is never open: give it at least one day with start before end');
}

/**
 * A customer's best contact time ("HH:MM-HH:MM", the profile's `best_contact_time`) narrows a
 * channel's window to the hours both allow. Unparseable text, or hours that do not overlap the
 * window at all, leave the window as it is: a preference never stops a message for good.
 */
export function narrowToContactTime(window: SendWindow | undefined, bestContactTime: string | undefined): SendWindow | undefined {
  const match = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(bestContactTime?.trim() ?? '');
  const [from, until] = [parseClock(match?.[1] ?? ''), parseClock(match?.[2] ?? '')];
  if (!match || from === undefined || until === undefined || from >= until) return window;
  const base: SendWindow = window ?? { timezone: 'customer', days: [...WEEKDAYS], start: '00:00', end: '23:59' };
  const start = Math.max(from, parseClock(base.start) ?? 0);
  const end = Math.min(until, parseClosingClock(base.end) ?? 24 * 60);
  if (start >= end) return window;
  const clock = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { ...base, start: clock(start), end: clock(end) };
}
