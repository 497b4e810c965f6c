/**
 * The Jalali (Solar Hijri) calendar as plain arithmetic: conversion to and from Gregorian dates and
 * month arithmetic. Leap years follow the 33-year rule, the one ICU (and so `Intl`'s `persian`
 * calendar, used by the `jalali` template filter) follows; it agrees with the astronomical calendar
 * of the Calendar Center for the years around today (1403 and 1408 are leap, 1404–1407 are not).
 */

/** A calendar day: year, month 1–12, day 1–31 (Gregorian or Jalali, as the name says). */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const DAY = 86_400_000;
/** 1 Farvardin 1405 is 21 March 2026: the anchor every other day is counted from. */
const ANCHOR_YEAR = 1405;
const ANCHOR_DAY = Date.UTC(2026, 2, 21) / DAY;

/** Days from 1 Farvardin 1 to 1 Farvardin `year`. */
const daysBefore = (year: number): number => 365 * (year - 1) + Math.floor((8 * year + 21) / 33);
const yearStart = (year: number): number => ANCHOR_DAY + daysBefore(year) - daysBefore(ANCHOR_YEAR);

export function isJalaliLeapYear(year: number): boolean {
  return yearStart(year + 1) - yearStart(year) === 366;
}

/** 31 days in Farvardin–Shahrivar, 30 in Mehr–Bahman, 29 in Esfand (30 in a leap year). */
export function jalaliMonthLength(year: number, month: number): number {
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return isJalaliLeapYear(year) ? 30 : 29;
}

const daysBeforeMonth = (month: number): number => (month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30);

/** The Jalali date of a Gregorian day: 2026-03-21 → 1405/01/01. */
export function toJalali(gregorian: CalendarDate): CalendarDate {
  const day = Date.UTC(gregorian.year, gregorian.month - 1, gregorian.day) / DAY;
  let year = ANCHOR_YEAR + Math.floor((day - ANCHOR_DAY) / 365.2422);
  while (yearStart(year + 1) <= day) year += 1;
  while (yearStart(year) > day) year -= 1;
  const dayOfYear = day - yearStart(year);
  const month = dayOfYear < 186 ? Math.floor(dayOfYear / 31) + 1 : Math.floor((dayOfYear - 186) / 30) + 7;
  return { year, month, day: dayOfYear - daysBeforeMonth(month) + 1 };
}

/** The Gregorian day of a Jalali date: 1405/01/01 → 2026-03-21. */
export function fromJalali(jalali: CalendarDate): CalendarDate {
  const date = new Date((yearStart(jalali.year) + daysBeforeMonth(jalali.month) + jalali.day - 1) * DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/**
 * `months` Jalali months after `date`, the day kept unless the month is shorter: 1405/11/30 + 1
 * month is 1405/12/29 (Esfand 1405 has 29 days), 1405/06/31 + 1 month is 1405/07/30.
 */
export function addJalaliMonths(date: CalendarDate, months: number): CalendarDate {
  return addMonthsClamped(date, months, jalaliMonthLength);
}

/** `months` months after `date` in a calendar whose month lengths `monthLength` gives, the day clamped to the month's end. */
export function addMonthsClamped(date: CalendarDate, months: number, monthLength: (year: number, month: number) => number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(date.day, monthLength(year, month)) };
}

const two = (value: number): string => String(value).padStart(2, '0');

/** "1405/01/01": how Iranians write a Jalali date, and how the holiday table keys its days. */
export function formatJalaliDate(date: CalendarDate): string {
  return `${date.year}/${two(date.month)}/${two(date.day)}`;
}

/** "2026-03-21" */
export function formatGregorianDate(date: CalendarDate): string {
  return `${date.year}-${two(date.month)}-${two(date.day)}`;
}

/** Reads "1405/01/01" (or "1405-1-1"); undefined when it is not a day of the Jalali calendar. */
export function parseJalaliDate(text: string): CalendarDate | undefined {
  const match = /^(1[34]\d\d)[/-](\d\d?)[/-](\d\d?)$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= jalaliMonthLength(year, month) ? { year, month, day } : undefined;
}
