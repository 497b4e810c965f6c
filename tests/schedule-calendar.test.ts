import { describe, expect, it } from 'vitest';
import { addCalendarDuration, atLocalTime, fromLocal, nextLocalTime, toLocal, wakeTime, zoneOrDefault } from '../src/schedule/index.js';

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();

describe('calendar months', () => {
  it('clamps to the end of a shorter month: Jan 31 + 1 month = Feb 28 (29 in a leap year)', () => {
    expect(iso(addCalendarDuration(at('2026-01-31T10:00:00+03:30'), { months: 1 }, 'Asia/Tehran'))).toBe('2026-02-28T06:30:00.000Z');
    expect(iso(addCalendarDuration(at('2028-01-31T10:00:00+03:30'), { months: 1 }, 'Asia/Tehran'))).toBe('2028-02-29T06:30:00.000Z');
    expect(iso(addCalendarDuration(at('2026-03-31T09:00:00+03:30'), { months: 1 }, 'Asia/Tehran'))).toBe('2026-04-30T05:30:00.000Z');
  });

  it('counts months in the local calendar: 23:30 on Jan 31 in Tehran is still Jan 31 there', () => {
    // 2026-01-31 23:30 Tehran = 20:00 UTC on the 31st; 2026-02-28 23:30 Tehran = 20:00 UTC
    expect(iso(addCalendarDuration(at('2026-01-31T20:00:00Z'), { months: 1 }, 'Asia/Tehran'))).toBe('2026-02-28T20:00:00.000Z');
    // the same instant in Berlin is 21:00 on Jan 31
    expect(iso(addCalendarDuration(at('2026-01-31T20:00:00Z'), { months: 1 }, 'Europe/Berlin'))).toBe('2026-02-28T20:00:00.000Z');
  });

  it('carries over the year: Nov 30 + 3 months = Feb 28', () => {
    expect(iso(addCalendarDuration(at('2026-11-30T10:00:00+03:30'), { months: 3 }, 'Asia/Tehran'))).toBe('2027-02-28T06:30:00.000Z');
    expect(iso(addCalendarDuration(at('2026-12-15T10:00:00+03:30'), { months: 12 }, 'Asia/Tehran'))).toBe('2027-12-15T06:30:00.000Z');
  });

  it('keeps the local clock time across a DST change (Europe/Berlin): a day is 23 or 25 hours', () => {
    const before = at('2026-03-28T10:00:00+01:00');
    const next = addCalendarDuration(before, { days: 1 }, 'Europe/Berlin');
    expect(iso(next)).toBe('2026-03-29T08:00:00.000Z'); // 10:00 CEST
    expect((next.getTime() - before.getTime()) / 3_600_000).toBe(23);
    const autumn = addCalendarDuration(at('2026-10-24T10:00:00+02:00'), { weeks: 1 }, 'Europe/Berlin');
    expect(iso(autumn)).toBe('2026-10-31T09:00:00.000Z'); // 10:00 CET
  });

  it('Tehran has no DST: 7 days are always 168 hours', () => {
    const start = at('2026-03-18T10:00:00+03:30');
    expect(addCalendarDuration(start, { days: 7 }, 'Asia/Tehran').getTime() - start.getTime()).toBe(168 * 3_600_000);
  });

  it('adds hours and minutes as elapsed time', () => {
    expect(iso(addCalendarDuration(at('2026-03-29T00:30:00+01:00'), { hours: 2 }, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(addCalendarDuration(at('2026-11-25T10:00:00Z'), { days: 1, hours: 1, minutes: 30 }, 'UTC'))).toBe('2026-11-26T11:30:00.000Z');
  });
});

describe('local wall-clock times', () => {
  it('reads a wall time in a zone, with the weekday', () => {
    expect(toLocal(at('2026-11-27T06:30:00Z'), 'Asia/Tehran')).toMatchObject({ year: 2026, month: 11, day: 27, hour: 10, minute: 0, weekday: 'fri' });
  });

  it('a time that never happens (spring forward) lands after the gap; one that happens twice takes the first', () => {
    expect(iso(fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(fromLocal({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('atLocalTime stays on the same local day; nextLocalTime moves to tomorrow when it has passed', () => {
    const afternoon = at('2026-11-25T16:00:00+03:30');
    expect(iso(atLocalTime(afternoon, '10:00', 'Asia/Tehran'))).toBe('2026-11-25T06:30:00.000Z');
    expect(iso(nextLocalTime(afternoon, '10:00', 'Asia/Tehran'))).toBe('2026-11-26T06:30:00.000Z');
    expect(iso(nextLocalTime(afternoon, '18:00', 'Asia/Tehran'))).toBe('2026-11-25T14:30:00.000Z');
  });

  it('"wait 1mo at 10:00" is 10:00 local on the day a month later, in DST zones too', () => {
    expect(iso(wakeTime(at('2026-11-25T19:30:00+03:30'), { months: 1 }, '10:00', 'Asia/Tehran'))).toBe('2026-12-25T06:30:00.000Z');
    // March 10 (CET) + 1 month = April 10, 10:00 CEST
    expect(iso(wakeTime(at('2026-03-10T15:00:00+01:00'), { months: 1 }, '10:00', 'Europe/Berlin'))).toBe('2026-04-10T08:00:00.000Z');
  });

  it('a wait of hours "at" a time lands on the first such time after it', () => {
    expect(iso(wakeTime(at('2026-11-25T16:00:00+03:30'), { hours: 2 }, '10:00', 'Asia/Tehran'))).toBe('2026-11-26T06:30:00.000Z');
    expect(iso(wakeTime(at('2026-11-25T07:00:00+03:30'), {}, '10:00', 'Asia/Tehran'))).toBe('2026-11-25T06:30:00.000Z');
  });

  it('falls back to Asia/Tehran for a missing or unknown zone', () => {
    expect(zoneOrDefault(undefined)).toBe('Asia/Tehran');
    expect(zoneOrDefault('Mars/Olympus')).toBe('Asia/Tehran');
    expect(zoneOrDefault('Europe/Berlin')).toBe('Europe/Berlin');
  });
});
