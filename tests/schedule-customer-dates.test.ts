import { describe, expect, it } from 'vitest';
import { nextCustomerDate, parseCustomerDate } from '../src/schedule/customerDate.js';

const yearly = { every: 'year' as const, at: '09:00' };
const iso = (value: { at: Date } | undefined) => value?.at.toISOString();

describe('customer dates: what a date field holds and when its trigger fires', () => {
  it('reads Gregorian and Jalali dates, in Latin or Persian digits, and marked Jalali', () => {
    expect(parseCustomerDate('1991-08-03')).toEqual({ calendar: 'gregorian', date: { year: 1991, month: 8, day: 3 } });
    expect(parseCustomerDate('1991-08-03T00:00:00+03:30')).toEqual({ calendar: 'gregorian', date: { year: 1991, month: 8, day: 3 } });
    expect(parseCustomerDate('1370/05/12')).toEqual({ calendar: 'jalali', date: { year: 1370, month: 5, day: 12 } });
    expect(parseCustomerDate('۱۳۷۰/۰۵/۱۲')).toEqual({ calendar: 'jalali', date: { year: 1370, month: 5, day: 12 } });
    expect(parseCustomerDate('jalali:1370-5-12')).toEqual({ calendar: 'jalali', date: { year: 1370, month: 5, day: 12 } });
  });

  it('takes empty and zero values as no date, and refuses what is not a date', () => {
    for (const empty of ['', 0, '0', '1970-01-01', '1970-01-01T00:00:00Z', null, undefined]) expect(parseCustomerDate(empty)).toBe('empty');
    for (const bad of ['tomorrow', '2026-02-30', '1370/13/01', 'jalali:2026-05-12', 12345, true, '1403/12/31']) expect(parseCustomerDate(bad)).toBe('invalid');
  });

  it('a Jalali birthday recurs on its Jalali day, at the local time in Tehran', () => {
    // 12 Mordad 1405 = 3 August 2026; 09:00 Tehran = 05:30 UTC.
    expect(nextCustomerDate('1370/05/12', yearly, undefined, new Date('2026-07-01T00:00:00Z'))).toEqual({ at: new Date('2026-08-03T05:30:00Z'), date: '1405/05/12' });
    // Already past this year: the next Jalali year (12 Mordad 1406 = 3 August 2027).
    expect(nextCustomerDate('1370/05/12', yearly, undefined, new Date('2026-09-01T00:00:00Z'))?.date).toBe('1406/05/12');
  });

  it('Esfand 30 fires on Esfand 29 in a year without it, and on Esfand 30 in a leap year', () => {
    // 1403 is leap (30 Esfand 1403 = 20 March 2025); 1404 is not (29 Esfand 1404 = 20 March 2026).
    expect(nextCustomerDate('1399/12/30', yearly, 'Asia/Tehran', new Date('2025-03-01T00:00:00Z'))?.date).toBe('1403/12/30');
    expect(nextCustomerDate('1399/12/30', yearly, 'Asia/Tehran', new Date('2025-04-01T00:00:00Z'))).toEqual({ at: new Date('2026-03-20T05:30:00Z'), date: '1404/12/29' });
  });

  it('an offset moves it, in the customer’s zone; once fires only while ahead', () => {
    const week = { ...yearly, offset: { days: -7 } };
    expect(iso(nextCustomerDate('1991-08-03', week, 'Europe/Berlin', new Date('2026-07-01T00:00:00Z')))).toBe('2026-07-27T07:00:00.000Z');
    const trialEnd = { every: 'once' as const, at: '10:00', offset: { days: 1 } };
    expect(iso(nextCustomerDate('2026-12-10', trialEnd, undefined, new Date('2026-12-01T00:00:00Z')))).toBe('2026-12-11T06:30:00.000Z');
    expect(nextCustomerDate('2026-11-10', trialEnd, undefined, new Date('2026-12-01T00:00:00Z'))).toBeUndefined();
    expect(nextCustomerDate('', yearly, undefined, new Date('2026-12-01T00:00:00Z'))).toBeUndefined();
    expect(nextCustomerDate(0, yearly, undefined, new Date('2026-12-01T00:00:00Z'))).toBeUndefined();
  });
});
