import { describe, expect, it } from 'vitest';
import type { SendWindow } from '../src/dsl/definition.js';
import { formatJalaliDateTime } from '../src/locale/dates.js';
import { BUSINESS_HOURS, IRAN_HOLIDAYS, nextOpenSlot, windowTimeZone } from '../src/schedule/index.js';

const at = (iso: string): Date => new Date(iso);
const tehran = (date: Date): string => formatJalaliDateTime(date, 'Asia/Tehran');

describe('business hours (the default for calls): the Iranian work week', () => {
  it('is open Saturday to Wednesday 09:00–17:00', () => {
    const tuesdayNoon = at('2026-11-24T12:00:00+03:30');
    expect(nextOpenSlot(tuesdayNoon, BUSINESS_HOURS, 'Asia/Tehran')).toEqual(tuesdayNoon);
  });

  it('waits for 09:00 in the morning, and for the next day after 17:00 (end exclusive)', () => {
    expect(nextOpenSlot(at('2026-11-24T07:15:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran')).toEqual(at('2026-11-24T09:00:00+03:30'));
    expect(nextOpenSlot(at('2026-11-24T17:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran')).toEqual(at('2026-11-25T09:00:00+03:30'));
  });

  it('closes at 13:00 on Thursday and all Friday: Thursday afternoon waits for Saturday 09:00', () => {
    expect(nextOpenSlot(at('2026-11-26T12:59:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran')).toEqual(at('2026-11-26T12:59:00+03:30'));
    const slot = nextOpenSlot(at('2026-11-26T14:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran');
    expect(slot).toEqual(at('2026-11-28T09:00:00+03:30'));
    expect(tehran(slot)).toBe('1405/09/07 09:00');
    expect(nextOpenSlot(at('2026-11-27T10:00:00+03:30'), BUSINESS_HOURS, 'Asia/Tehran')).toEqual(at('2026-11-28T09:00:00+03:30'));
  });

  it('reads the hours in the customer zone, Asia/Tehran when they have none', () => {
    expect(windowTimeZone(BUSINESS_HOURS, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(windowTimeZone(BUSINESS_HOURS, undefined)).toBe('Asia/Tehran');
    expect(windowTimeZone({ ...BUSINESS_HOURS, timezone: 'Asia/Dubai' }, 'Europe/Berlin')).toBe('Asia/Dubai');
  });
});

describe('a send window in a DST zone', () => {
  const evenings: SendWindow = { timezone: 'customer', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '18:00', end: '21:00' };

  it('opens at local 18:00 on both sides of the change', () => {
    expect(nextOpenSlot(at('2026-03-28T12:00:00+01:00'), evenings, 'Europe/Berlin')).toEqual(at('2026-03-28T18:00:00+01:00'));
    expect(nextOpenSlot(at('2026-03-29T12:00:00+02:00'), evenings, 'Europe/Berlin')).toEqual(at('2026-03-29T18:00:00+02:00'));
  });

  it('a night-time message waits for the next evening', () => {
    expect(nextOpenSlot(at('2026-03-28T22:30:00+01:00'), evenings, 'Europe/Berlin')).toEqual(at('2026-03-29T18:00:00+02:00'));
  });

  it('refuses a window that never opens', () => {
    expect(() => nextOpenSlot(at('2026-03-28T12:00:00Z'), { ...evenings, days: [] }, 'UTC')).toThrow(/never open/);
  });
});

describe('a send held by a closed day keeps its time of day (wait at: 10:00 on a Friday)', () => {
  const shop: SendWindow = { timezone: 'customer', days: ['sat', 'sun', 'mon', 'tue', 'wed', 'thu'], start: '09:00', end: '20:00' };
  const keep = { keepTimeOfDay: true };

  it('goes out on Saturday at 10:00, not at the 09:00 opening; a call task still opens at 09:00', () => {
    const friday10 = at('2026-12-25T10:00:00+03:30');
    expect(nextOpenSlot(friday10, shop, 'Asia/Tehran', IRAN_HOLIDAYS, keep)).toEqual(at('2026-12-26T10:00:00+03:30'));
    expect(nextOpenSlot(friday10, shop, 'Asia/Tehran')).toEqual(at('2026-12-26T09:00:00+03:30'));
  });

  it('a time outside the next open day\'s hours goes at its opening, and an open moment is kept as it is', () => {
    expect(nextOpenSlot(at('2026-12-25T08:00:00+03:30'), shop, 'Asia/Tehran', IRAN_HOLIDAYS, keep)).toEqual(at('2026-12-26T09:00:00+03:30'));
    expect(nextOpenSlot(at('2026-12-23T21:00:00+03:30'), shop, 'Asia/Tehran', IRAN_HOLIDAYS, keep)).toEqual(at('2026-12-24T09:00:00+03:30'));
    expect(nextOpenSlot(at('2026-12-23T10:00:00+03:30'), shop, 'Asia/Tehran', IRAN_HOLIDAYS, keep)).toEqual(at('2026-12-23T10:00:00+03:30'));
  });
});
