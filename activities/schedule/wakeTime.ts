import type { CalendarDuration, Channel, SendWindow } from '../../src/dsl/definition.js';
import { formatJalaliDateTime } from '../../src/locale/dates.js';
import { DEFAULT_SEND_WINDOWS, narrowToContactTime, nextOpenSlot, wakeTime as computeWakeTime, windowTimeZone, zoneOrDefault } from '../../src/schedule/index.js';
import type { Holidays } from '../../src/schedule/holidays.js';

/** An instant for the workflow to sleep until, and how the Temporal UI should show it. */
export interface Instant {
  at: string;
  /** "1405/09/11 10:00 Asia/Tehran (2026-12-02 06:30 UTC)" */
  display: string;
}

function instant(at: Date, timeZone: string): Instant {
  const utc = at.toISOString().slice(0, 16).replace('T', ' ');
  return { at: at.toISOString(), display: `${formatJalaliDateTime(at, timeZone)} ${timeZone} (${utc} UTC)` };
}

/**
 * When a wait ends: calendar months, "at HH:MM" local time, in the customer's zone. Time-zone maths
 * lives here, in an activity, so the workflow stays deterministic and the result is in its history.
 */
export async function wakeTime(input: { from: string; duration: CalendarDuration; at?: string | undefined; timeZone?: string }): Promise<Instant> {
  const timeZone = zoneOrDefault(input.timeZone);
  return instant(computeWakeTime(new Date(input.from), input.duration, input.at, timeZone), timeZone);
}

/**
 * The first instant at or after `after` when `channel` may be used: the sequence's window (quiet
 * hours; calls in business hours, shut on the installation's `holidays` when the window says so),
 * narrowed to the customer's best contact time when they have one.
 */
export function createSendSlot(holidays: Holidays) {
  return async function sendSlot(input: {
    channel: Channel;
    window?: SendWindow | undefined;
    timeZone?: string;
    after: string;
    bestContactTime?: string | undefined;
    /** A send held by a closed day keeps its clock time on the next open day (see nextOpenSlot); call tasks open at the opening. */
    keepTimeOfDay?: boolean;
  }): Promise<Instant> {
    const window = narrowToContactTime(input.window ?? DEFAULT_SEND_WINDOWS[input.channel], input.bestContactTime);
    const timeZone = window ? windowTimeZone(window, input.timeZone) : zoneOrDefault(input.timeZone);
    const after = new Date(input.after);
    return instant(window ? nextOpenSlot(after, window, timeZone, holidays, { keepTimeOfDay: input.keepTimeOfDay === true }) : after, timeZone);
  };
}
