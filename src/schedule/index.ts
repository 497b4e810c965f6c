/**
 * Pure time maths shared by the preview (src/cli) and the interpreter (through an activity):
 * calendar durations, local wall-clock times and send windows, in any IANA time zone via Intl.
 */
export { addCalendarDuration, atLocalTime, nextLocalTime, parseClock, wakeTime } from './calendar.js';
export { BUSINESS_HOURS, DEFAULT_SEND_WINDOWS, WEEKDAYS, narrowToContactTime, nextOpenSlot, windowTimeZone } from './window.js';
export { DEFAULT_TIMEZONE, fromLocal, isTimeZone, toLocal, zoneOrDefault, type LocalDateTime } from './zone.js';
