import type { CalendarDuration } from './definition.js';

const UNITS = { mo: 'months', w: 'weeks', d: 'days', h: 'hours', m: 'minutes', min: 'minutes' } as const;
const ORDER = ['months', 'weeks', 'days', 'hours', 'minutes'] as const;
const SHORT: Record<(typeof ORDER)[number], string> = { months: 'mo', weeks: 'w', days: 'd', hours: 'h', minutes: 'm' };

/** What a marketer may write for a duration, for messages and hints. */
export const DURATION_HINT = 'write a number and a unit: 30m, 2h, 7d, 1w, 1mo, or combined like 1d12h';

/**
 * Parses "30m", "2h", "7d", "1w", "3mo" and combinations ("1d12h", "2h 30m") into a calendar
 * duration; undefined when the text is not one (or says nothing, like "0d").
 */
export function parseDuration(text: string): CalendarDuration | undefined {
  const compact = text.trim().toLowerCase();
  if (!/^(\d+\s*(mo|min|w|d|h|m)\s*)+$/.test(compact)) return undefined;
  const duration: CalendarDuration = {};
  for (const [, amount, unit] of compact.matchAll(/(\d+)\s*(mo|min|w|d|h|m)/g)) {
    const key = UNITS[unit as keyof typeof UNITS];
    duration[key] = (duration[key] ?? 0) + Number(amount);
  }
  return isEmptyDuration(duration) ? undefined : duration;
}

function isEmptyDuration(duration: CalendarDuration): boolean {
  return ORDER.every((unit) => !duration[unit]);
}

/** "1mo", "7d", "1d12h", "0m", "1mo jalali" — the short form, as labels and the preview show it. */
export function formatDuration(duration: CalendarDuration): string {
  const text = ORDER.filter((unit) => duration[unit]).map((unit) => `${duration[unit]}${SHORT[unit]}`).join('');
  return `${text || '0m'}${duration.calendar ? ` ${duration.calendar}` : ''}`;
}

/** Only the units that are set (drops zeros), so equal durations compile, and hash, the same. */
export function normalizeDuration(duration: CalendarDuration): CalendarDuration {
  const result: CalendarDuration = duration.calendar ? { calendar: duration.calendar } : {};
  for (const unit of ORDER) if (duration[unit]) result[unit] = duration[unit];
  return result;
}
