import { describe, expect, it } from 'vitest';
import { validateSequence } from '../src/dsl/validate.js';
import { addJalaliMonths, formatJalaliDate, fromJalali, isJalaliLeapYear, toJalali } from '../src/locale/jalali.js';
import { addCalendarDuration, wakeTime } from '../src/schedule/index.js';
import { renderLiquid } from '../src/templates/liquid.js';

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();
const DAY = 86_400_000;

describe('Jalali dates', () => {
  it('agree with Intl’s Persian calendar (the `jalali` template filter) on every day of 2026–2035', () => {
    const persian = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    const disagree: string[] = [];
    for (let time = Date.UTC(2026, 0, 1); time < Date.UTC(2036, 0, 1); time += DAY) {
      const day = new Date(time);
      const parts = Object.fromEntries(persian.formatToParts(day).map((part) => [part.type, part.value]));
      const jalali = toJalali({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() });
      const back = fromJalali(jalali);
      if (formatJalaliDate(jalali) !== `${parts.relatedYear ?? parts.year}/${parts.month}/${parts.day}` || Date.UTC(back.year, back.month - 1, back.day) !== time) disagree.push(iso(day));
    }
    expect(disagree).toEqual([]);
  });

  it('1405 has 29 days in Esfand, 1403 had 30', () => {
    expect([1403, 1404, 1405, 1406, 1407, 1408].map(isJalaliLeapYear)).toEqual([true, false, false, false, false, true]);
    expect(fromJalali({ year: 1405, month: 12, day: 29 })).toEqual({ year: 2027, month: 3, day: 20 });
    expect(fromJalali({ year: 1406, month: 1, day: 1 })).toEqual({ year: 2027, month: 3, day: 21 });
  });

  it('a month from 1405/11/30 is 1405/12/29, the last day of Esfand; a long month clamps to a shorter one', () => {
    expect(formatJalaliDate(addJalaliMonths({ year: 1405, month: 11, day: 30 }, 1))).toBe('1405/12/29');
    expect(formatJalaliDate(addJalaliMonths({ year: 1405, month: 6, day: 31 }, 1))).toBe('1405/07/30');
    expect(formatJalaliDate(addJalaliMonths({ year: 1405, month: 12, day: 29 }, 1))).toBe('1406/01/29');
    expect(formatJalaliDate(addJalaliMonths({ year: 1403, month: 12, day: 30 }, 12))).toBe('1404/12/29');
  });
});

describe('a `calendar: jalali` month in a wait', () => {
  const from = at('2027-02-19T10:00:00+03:30'); // 1405/11/30 10:00 in Tehran

  it('ends on the last day of Esfand, not on the Gregorian date a month later', () => {
    expect(iso(addCalendarDuration(from, { months: 1, calendar: 'jalali' }, 'Asia/Tehran'))).toBe('2027-03-20T06:30:00.000Z');
    expect(iso(addCalendarDuration(from, { months: 1 }, 'Asia/Tehran'))).toBe('2027-03-19T06:30:00.000Z');
    expect(iso(wakeTime(from, { months: 1, days: 1, calendar: 'jalali' }, '09:00', 'Asia/Tehran'))).toBe('2027-03-21T05:30:00.000Z');
  });

  it('and the `jalali` template filter shows the same day', async () => {
    const end = addCalendarDuration(from, { months: 1, calendar: 'jalali' }, 'Asia/Tehran');
    expect(await renderLiquid('{{ end | jalali }}', { end: end.toISOString() })).toBe('۲۹ اسفند ۱۴۰۵');
  });
});

describe('`calendar: jalali` in a sequence', () => {
  const yaml = (top: string, wait: string): string =>
    `id: renewals\nname: Renewals\ntrigger: { event: purchase }\n${top}steps:\n  - wait: ${wait}\n  - send: { channel: email, template: hi }\ntemplates:\n  hi: { email: { fa: { subject: "سلام", text: "متن" } } }\n`;
  const firstWait = (source: string) => validateSequence(source, 'renewals.yaml').definition?.steps[0];

  it('marks the month durations of the sequence, or of one wait', () => {
    expect(firstWait(yaml('calendar: jalali\n', '1mo'))).toMatchObject({ duration: { months: 1, calendar: 'jalali' }, label: 'wait 1mo jalali' });
    expect(firstWait(yaml('', '{ months: 1, calendar: jalali }'))).toMatchObject({ duration: { months: 1, calendar: 'jalali' } });
    expect(firstWait(yaml('calendar: jalali\n', '{ months: 1, calendar: gregorian }'))).toMatchObject({ duration: { months: 1 }, label: 'wait 1mo' });
  });

  it('leaves durations without months (and sequences without it) as they compiled before', () => {
    expect(firstWait(yaml('calendar: jalali\n', '7d'))?.label).toBe('wait 7d');
    expect(firstWait(yaml('', '1mo'))).toMatchObject({ duration: { months: 1 }, label: 'wait 1mo' });
  });
});
