import { fromJalali, parseJalaliDate, type CalendarDate } from '../locale/jalali.js';
import { DEFAULT_TIMEZONE, fromLocal, isTimeZone } from '../schedule/zone.js';
import { DEFAULT_ACTIVE_DAYS } from './customerDefinitions.js';
import type { PeriodLength, ReportCalendar } from './periods.js';
import type { ReportQuery } from './report.js';

/** A report's parameters as the API's query string and the CLI's flags give them: text. */
export interface ReportParameters {
  from?: string | undefined;
  to?: string | undefined;
  period?: string | undefined;
  sequence?: string | undefined;
  timeZone?: string | undefined;
  calendar?: string | undefined;
  activeDays?: string | number | undefined;
  acquisitionCost?: string | number | undefined;
}

/** A parameter that cannot be read: the message names it and says what it takes. */
export class ReportParameterError extends Error {
  override name = 'ReportParameterError';
}

const PERIODS: PeriodLength[] = ['day', 'week', 'month'];
const CALENDARS: ReportCalendar[] = ['gregorian', 'jalali'];
/** Without `from`, a report covers the 30 days before `to`. */
const DEFAULT_SPAN_MS = 30 * 86_400_000;

/**
 * Reads a report's parameters. `from` and `to` take an instant (`2026-11-01T00:00:00Z`), a Gregorian
 * day (`2026-11-01`) or a Jalali day (`1405/08/10`), a day meaning its midnight in `timeZone`; `to`
 * defaults to `now`, `from` to 30 days before `to`.
 */
export function reportQuery(parameters: ReportParameters, now: Date): ReportQuery {
  const timeZone = parameters.timeZone ?? DEFAULT_TIMEZONE;
  if (!isTimeZone(timeZone)) throw new ReportParameterError(`timeZone: "${timeZone}" is not a time zone like Asia/Tehran`);
  const period = oneOf('period', parameters.period ?? 'day', PERIODS);
  const calendar = oneOf('calendar', parameters.calendar ?? 'gregorian', CALENDARS);
  const to = parameters.to === undefined ? now : instant('to', parameters.to, timeZone);
  const from = parameters.from === undefined ? new Date(to.getTime() - DEFAULT_SPAN_MS) : instant('from', parameters.from, timeZone);
  if (from >= to) throw new ReportParameterError(`from (${from.toISOString()}) must be before to (${to.toISOString()})`);
  const activeDays = number('activeDays', parameters.activeDays ?? DEFAULT_ACTIVE_DAYS);
  if (!Number.isInteger(activeDays) || activeDays < 1) throw new ReportParameterError('activeDays: a whole number of days, at least 1');
  const acquisitionCost = parameters.acquisitionCost === undefined ? undefined : number('acquisitionCost', parameters.acquisitionCost);
  if (acquisitionCost !== undefined && acquisitionCost < 0) throw new ReportParameterError('acquisitionCost: not below 0');
  return { from, to, period, timeZone, calendar, sequence: parameters.sequence, activeDays, acquisitionCost };
}

function oneOf<T extends string>(name: string, value: string, allowed: T[]): T {
  if ((allowed as string[]).includes(value)) return value as T;
  throw new ReportParameterError(`${name}: "${value}" is not one of ${allowed.join(', ')}`);
}

function number(name: string, value: string | number): number {
  const parsed = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isFinite(parsed)) return parsed;
  throw new ReportParameterError(`${name}: "${value}" is not a number`);
}

function instant(name: string, text: string, timeZone: string): Date {
  const gregorian = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  const day: CalendarDate | undefined = gregorian
    ? { year: Number(gregorian[1]), month: Number(gregorian[2]), day: Number(gregorian[3]) }
    : parseJalaliDate(text) && fromJalali(parseJalaliDate(text) as CalendarDate);
  if (day) return fromLocal({ ...day, hour: 0, minute: 0, second: 0 }, timeZone);
  const parsed = /^\d{4}-\d\d-\d\dT/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (!Number.isNaN(parsed.getTime())) return parsed;
  throw new ReportParameterError(`${name}: "${text}" is not a day (2026-11-01, 1405/08/10) or an instant (2026-11-01T08:00:00Z)`);
}
