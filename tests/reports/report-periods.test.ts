import { describe, expect, it } from 'vitest';
import { periodsOf } from '../../src/reports/periods.js';
import { reportQuery, ReportParameterError } from '../../src/reports/query.js';
import { percentile } from '../../src/reports/stats.js';

const iso = (periods: { label: string; start: Date; end: Date }[]) => periods.map(({ label, start, end }) => [label, start.toISOString(), end.toISOString()]);

describe('report periods', () => {
  it('start at midnight in Tehran (UTC+03:30): 2026-11-01 runs from 2026-10-31T20:30Z', () => {
    const from = new Date('2026-10-31T20:30:00Z');
    expect(iso(periodsOf({ from, to: new Date('2026-11-02T20:30:00Z'), period: 'day' }))).toEqual([
      ['2026-11-01', '2026-10-31T20:30:00.000Z', '2026-11-01T20:30:00.000Z'],
      ['2026-11-02', '2026-11-01T20:30:00.000Z', '2026-11-02T20:30:00.000Z'],
    ]);
  });

  it('weeks start on Saturday in the Jalali calendar and on Monday in the Gregorian, each covering the whole week holding `from`', () => {
    // 2026-11-04 is a Wednesday: its Jalali week began Saturday 2026-10-31 (1405/08/09: Aban began on 2026-10-23,
    // 1 Farvardin 1405 = 2026-03-21 plus 6 × 31 + 30 = 216 days), its Gregorian week on Monday 2026-11-02.
    const range = { from: new Date('2026-11-04T08:00:00Z'), to: new Date('2026-11-05T08:00:00Z'), period: 'week' as const };
    expect(iso(periodsOf({ ...range, calendar: 'jalali' }))).toEqual([['1405/08/09', '2026-10-30T20:30:00.000Z', '2026-11-06T20:30:00.000Z']]);
    expect(iso(periodsOf({ ...range, calendar: 'gregorian' }))).toEqual([['2026-11-02', '2026-11-01T20:30:00.000Z', '2026-11-08T20:30:00.000Z']]);
  });

  it('Jalali months: Aban 1405 is 2026-10-23 to 2026-11-22 (30 days), Azar follows', () => {
    const periods = periodsOf({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z'), period: 'month', calendar: 'jalali' });
    expect(iso(periods)).toEqual([
      ['1405/08/01', '2026-10-22T20:30:00.000Z', '2026-11-21T20:30:00.000Z'],
      ['1405/09/01', '2026-11-21T20:30:00.000Z', '2026-12-21T20:30:00.000Z'],
    ]);
  });

  it('percentiles by nearest rank: of [1, 2, 3, 4, 10] p50 is the 3rd value (ceil(2.5)), p90 the 5th (ceil(4.5))', () => {
    expect([percentile([10, 1, 4, 2, 3], 50), percentile([10, 1, 4, 2, 3], 90), percentile([], 50)]).toEqual([3, 10, null]);
    // p20 of six values: rank ceil(0.2 × 6) = ceil(1.2) = 2, the 2nd value (not rounded down to the 1st).
    expect(percentile([6, 5, 4, 3, 2, 1], 20)).toBe(2);
  });

  it('reads days in the report zone, Jalali days, instants; refuses what it cannot read, naming the parameter', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const query = reportQuery({ from: '1405/08/10', to: '2026-11-03', period: 'week', calendar: 'jalali', acquisitionCost: '150000' }, now);
    // 1405/08/10 = Aban 1 (2026-10-23) + 9 days = 2026-11-01; midnight in Tehran = 2026-10-31T20:30Z.
    expect(query).toMatchObject({ from: new Date('2026-10-31T20:30:00Z'), to: new Date('2026-11-02T20:30:00Z'), period: 'week', calendar: 'jalali', activeDays: 90, acquisitionCost: 150_000 });
    // Without from/to: the 30 days before now.
    expect(reportQuery({}, now)).toMatchObject({ from: new Date('2026-11-02T12:00:00Z'), to: now, period: 'day', timeZone: 'Asia/Tehran' });
    expect(() => reportQuery({ period: 'year' }, now)).toThrow(/period: "year" is not one of day, week, month/);
    expect(() => reportQuery({ from: 'yesterday' }, now)).toThrow(ReportParameterError);
    expect(() => reportQuery({ activeDays: '0' }, now)).toThrow(/activeDays/);
    expect(() => reportQuery({ from: '2026-11-05', to: '2026-11-01' }, now)).toThrow(/must be before/);
  });
});
