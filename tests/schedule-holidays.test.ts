import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import shipped from '../data/holidays/iran.json' with { type: 'json' };
import { validateSequence } from '../src/dsl/validate.js';
import { formatGregorianDate, fromJalali, parseJalaliDate } from '../src/locale/jalali.js';
import { loadHolidays } from '../src/schedule/holidayFile.js';
import { holidaysFrom, IRAN_HOLIDAYS } from '../src/schedule/holidays.js';
import { BUSINESS_HOURS, nextOpenSlot } from '../src/schedule/index.js';

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();
const YEARS = [1405, 1406, 1407];
const SOLAR = ['01/01', '01/02', '01/03', '01/04', '01/12', '01/13', '03/14', '03/15', '11/22', '12/29'];
const LUNAR = ['Tasua', 'Ashura', 'Arbaeen', "The Prophet's demise and Imam Hasan's martyrdom", "Imam Reza's martyrdom", "Imam Hasan Askari's martyrdom", "The Prophet's and Imam Sadiq's birthday", "Fatimah's martyrdom", "Imam Ali's birthday", "Mab'ath", "Imam Mahdi's birthday", "Imam Ali's martyrdom", 'Eid al-Fitr', 'The day after Eid al-Fitr', "Imam Sadiq's martyrdom", 'Eid al-Adha', 'Eid al-Ghadir'];

describe('the shipped table of Iranian public holidays', () => {
  it('names its source and says the lunar dates may move by a day', () => {
    expect(shipped.source).toMatch(/Calendar Center, Institute of Geophysics, University of Tehran/);
    expect(shipped.source).toMatch(/time\.ir/);
    expect(shipped.lunarDates).toMatch(/move by a day/);
    expect(shipped.years).toEqual(YEARS);
  });

  it('has the solar holidays of 1405–1407 and every lunar holiday once or more a year', () => {
    for (const year of YEARS) {
      const days = shipped.holidays.filter((holiday) => holiday.date.startsWith(`${year}/`));
      expect(SOLAR.filter((day) => !days.some((holiday) => holiday.date === `${year}/${day}`))).toEqual([]);
      expect(LUNAR.filter((name) => !days.some((holiday) => holiday.name.startsWith(`${name} (`)))).toEqual([]);
    }
  });

  it('gives each day in both calendars, and they are the same day', () => {
    for (const holiday of shipped.holidays) {
      const jalali = parseJalaliDate(holiday.date);
      expect(jalali, holiday.date).toBeDefined();
      expect(formatGregorianDate(fromJalali(jalali ?? { year: 0, month: 0, day: 0 })), holiday.date).toBe(holiday.gregorian);
    }
    expect(shipped.holidays.find((holiday) => holiday.date === '1406/01/01')).toMatchObject({ gregorian: '2027-03-21', name: 'Nowruz' });
  });

  it('marks only lunar dates as estimated, none before Shawwal 1448', () => {
    const estimated = shipped.holidays.filter((holiday) => 'estimated' in holiday);
    expect(estimated.every((holiday) => /\((\d+|last day of) .+ 14(48|49|50)\)$/.test(holiday.name))).toBe(true);
    expect(estimated.every((holiday) => holiday.gregorian >= '2027-03-10')).toBe(true);
  });
});

describe('business hours skip the holidays', () => {
  it('a call that would open on 1 Farvardin 1406 opens on the next working day, 5 Farvardin at 09:00', () => {
    // Friday 1405/12/28 evening: Saturday is 29 Esfand, Sunday to Wednesday are Nowruz 1–4.
    expect(iso(nextOpenSlot(at('2027-03-19T18:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran'))).toBe('2027-03-25T05:30:00.000Z');
    expect(iso(nextOpenSlot(at('2027-03-19T18:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran', IRAN_HOLIDAYS))).toBe('2027-03-25T05:30:00.000Z');
  });

  it('a window without `holidays` opens on a holiday', () => {
    const withoutHolidays = { ...BUSINESS_HOURS, holidays: undefined };
    expect(iso(nextOpenSlot(at('2027-03-19T18:00:00+03:30'), withoutHolidays, 'Asia/Tehran'))).toBe('2027-03-20T05:30:00.000Z');
  });

  it('is open on a working day, and closed from the holiday’s first minute', () => {
    expect(iso(nextOpenSlot(at('2027-03-17T10:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran'))).toBe('2027-03-17T06:30:00.000Z');
    // 22 Bahman 1405 is Thursday 11 February 2027, and Friday is off: Saturday morning instead.
    expect(iso(nextOpenSlot(at('2027-02-11T10:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran'))).toBe('2027-02-13T05:30:00.000Z');
  });

  it('an installation adds a day off and removes one', () => {
    const holidays = holidaysFrom(shipped.holidays, { add: [{ date: '1406/01/05', name: 'office closed' }], remove: ['1405/12/29'] });
    expect(holidays.days.get('2027-03-25')).toBe('office closed');
    expect(holidays.days.has('2027-03-20')).toBe(false);
    expect(iso(nextOpenSlot(at('2027-03-19T18:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran', holidays))).toBe('2027-03-20T05:30:00.000Z');
    expect(iso(nextOpenSlot(at('2027-03-21T10:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran', holidays))).toBe('2027-03-27T05:30:00.000Z');
  });
});

describe('HOLIDAYS_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peygir-holidays-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('adds Jalali or Gregorian dates and removes others, on top of the shipped table', () => {
    const holidays = loadHolidays(file('ok.yaml', 'add:\n  - { date: 1406/01/05, name: office closed }\n  - "2027-12-31"\nremove: [1405/01/12]\n'));
    expect(holidays.days.get('2027-03-25')).toBe('office closed');
    expect(holidays.days.get('2027-12-31')).toBe('holiday');
    expect(holidays.days.has('2026-04-01')).toBe(false);
    expect(holidays.days.get('2027-03-21')).toBe('Nowruz');
  });

  it('without a file is the shipped table', () => {
    expect(loadHolidays(undefined)).toBe(IRAN_HOLIDAYS);
  });

  it('refuses a date that is not one, naming the variable, the file and the entry', () => {
    const path = file('bad.yaml', 'add:\n  - 1406/13/01\n');
    expect(() => loadHolidays(path)).toThrow(`HOLIDAYS_FILE ${path}: add.0`);
  });
});

describe('`holidays: iran` in a sequence', () => {
  const yaml = (callHours: string): string =>
    `id: calls\nname: Calls\ntrigger: { event: purchase }\ncustomer_fields: { mobile: phone }\n${callHours}steps:\n  - call_task: { assignee: agents, template: script }\ntemplates:\n  script: { call_task: { fa: "تماس" } }\n`;

  it('is on for calls in default business hours, on when call_hours say so, off otherwise', () => {
    expect(validateSequence(yaml(''), 'calls.yaml').definition?.sendWindows.call?.holidays).toBe('iran');
    expect(validateSequence(yaml('call_hours: { hours: "09:00-17:00", holidays: iran }\n'), 'calls.yaml').definition?.sendWindows.call?.holidays).toBe('iran');
    expect(validateSequence(yaml('call_hours: { hours: "09:00-17:00" }\n'), 'calls.yaml').definition?.sendWindows.call?.holidays).toBeUndefined();
  });

  it('"00:00-24:00" keeps calls open round the clock, Friday night and Nowruz included', () => {
    const window = validateSequence(yaml('call_hours: { hours: "00:00-24:00" }\n'), 'calls.yaml').definition?.sendWindows.call;
    expect(window).toMatchObject({ start: '00:00', end: '24:00' });
    for (const instant of ['2026-11-27T23:59:00+03:30', '2027-03-21T00:00:00+03:30', '2026-11-26T14:00:00+03:30']) {
      expect(nextOpenSlot(new Date(instant), window!, 'Asia/Tehran')).toEqual(new Date(instant));
    }
  });
});
