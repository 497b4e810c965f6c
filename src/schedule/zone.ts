import type { Weekday } from '../dsl/definition.js';

/** The zone Peygir falls back to when a customer has none (or an unknown one). */
export const DEFAULT_TIMEZONE = 'Asia/Tehran';

/** A wall-clock reading in some time zone: what a person there sees on their calendar and clock. */
export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: Weekday;
}

const WEEKDAYS: Record<string, Weekday> = {
  Sat: 'sat', Sun: 'sun', Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short', hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for an IANA zone name this runtime knows, e.g. "Asia/Tehran", "Europe/Berlin". */
export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The customer's zone when it is a known one, otherwise Asia/Tehran. */
export function zoneOrDefault(name: string | undefined): string {
  return name && isTimeZone(name) ? name : DEFAULT_TIMEZONE;
}

/** What the clock and calendar show at `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 'sat',
  };
}

/**
 * The instant at which `timeZone`'s clock shows the given wall time. Across a DST gap (a time that
 * never happens, e.g. 02:30 on the spring-forward night) the clock's later reading is used
 * (03:30); across an overlap (a time that happens twice) the earlier instant.
 */
export function fromLocal(local: Omit<LocalDateTime, 'weekday'>, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const offsets = [offsetAt(wall - 86_400_000, timeZone), offsetAt(wall + 86_400_000, timeZone)];
  const candidates = [...new Set(offsets)]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant)
    .sort((a, b) => a - b);
  const exact = candidates[0];
  if (exact !== undefined) return new Date(exact);
  // In a gap: read the wall time with the offset from before the jump, which lands after it.
  return new Date(wall - (offsets[0] ?? 0));
}

/** Milliseconds the zone's clock is ahead of UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const local = toLocal(new Date(instant), timeZone);
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return wall - Math.floor(instant / 1000) * 1000;
}
