import type { CalendarDuration } from './definition.js';

const units = { min: 'minutes', m: 'minutes', h: 'hours', d: 'days', w: 'weeks', mo: 'months' } as const;

/** Parses "30m", "2h", "7d", "1w", "3mo" into a calendar duration; undefined when the text is not one. */
export function parseDuration(text: string): CalendarDuration | undefined {
  const match = /^(\d+)\s*(min|mo|m|h|d|w)$/.exec(text.trim());
  if (!match) return undefined;
  return { [units[match[2] as keyof typeof units]]: Number(match[1]) };
}
