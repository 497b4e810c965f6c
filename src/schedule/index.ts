/**
 * Pure time maths shared by the preview (src/cli) and the interpreter (through an activity):
 * calendar durations (Gregorian or Jalali months), local wall-clock times, send windows and the
 * Iranian public holidays they may skip, in any IANA time zone via Intl. An installation's
 * HOLIDAYS_FILE is read by `loadHolidays` (./holidayFile.js) and passed to `nextOpenSlot`.
 */
export { addCalendarDuration, atLocalTime, nextLocalTime, parseClock, wakeTime } from './calendar.js';
export { BUSINESS_HOURS, DEFAULT_SEND_WINDOWS, WEEKDAYS, narrowToContactTime, nextOpenSlot, windowTimeZone } from './window.js';
export { HOLIDAY_CALENDARS, IRAN_HOLIDAYS, holidayOn, holidaysFrom, type Holidays } from './holidays.js';
export { DEFAULT_TIMEZONE, fromLocal, isTimeZone, toLocal, zoneOrDefault, type LocalDateTime } from './zone.js';
