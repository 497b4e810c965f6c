/** Calendar formatting for messages and the UI: Jalali (Solar Hijri) and Gregorian, in a given zone. */

import { DEFAULT_TIMEZONE } from '../schedule/zone.js';

/** "۴ آذر ۱۴۰۵" (fa) or "25 November 2026" (en). */
export function formatLongDate(instant: Date, locale: 'fa' | 'en', timeZone = DEFAULT_TIMEZONE): string {
  const tag = locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB';
  return new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone }).format(instant);
}

/** "1405/09/04 10:00" — Jalali date and 24h time with Latin digits, as ops read it in logs and the UI. */
export function formatJalaliDateTime(instant: Date, timeZone = DEFAULT_TIMEZONE): string {
  const parts = new Intl.DateTimeFormat('fa-IR-u-ca-persian-nu-latn', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}/${part('month')}/${part('day')} ${part('hour')}:${part('minute')}`;
}

/** "Wed 2026-11-25 10:00" — Gregorian date, weekday and 24h time in a zone, for timelines. */
export function formatGregorianDateTime(instant: Date, timeZone = DEFAULT_TIMEZONE): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone,
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
