import { fromLocal } from '../schedule/zone.js';

/** A `datetime-local` field's value ("2026-12-03T10:30") read in the customer's time zone; undefined when empty or malformed. */
export function callbackInstant(field: unknown, timeZone: string): Date | undefined {
  const match = typeof field === 'string' ? /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(field) : null;
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  return fromLocal({ year, month, day, hour, minute, second: 0 }, timeZone);
}
