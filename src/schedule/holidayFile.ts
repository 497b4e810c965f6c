import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import shipped from '../../data/holidays/iran.json' with { type: 'json' };
import { holidayDay, holidaysFrom, IRAN_HOLIDAYS, type Holidays } from './holidays.js';

const date = z.union([z.string(), z.date()]).transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .refine((text) => holidayDay(text) !== undefined, { message: 'a date is 1406/01/05 (Jalali) or 2027-03-25' });

/**
 * HOLIDAYS_FILE: an installation's changes to the shipped Iranian holidays (YAML or JSON), e.g.
 *   add:    [{ date: 1406/01/05, name: office closed }, 2027-12-31]
 *   remove: [1405/01/12]
 */
const overridesSchema = z.strictObject({
  add: z.array(z.union([date.transform((text) => ({ date: text })), z.strictObject({ date, name: z.string().min(1).optional() })])).default([]),
  remove: z.array(date).default([]),
});

/** The holidays this installation keeps: the shipped table, changed by `file` when one is given. Throws naming the file and entry. */
export function loadHolidays(file: string | undefined): Holidays {
  if (!file) return IRAN_HOLIDAYS;
  const parsed = overridesSchema.safeParse(parse(readFileSync(file, 'utf8')) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`HOLIDAYS_FILE ${file}: ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'not valid'}`);
  }
  return holidaysFrom(shipped.holidays, parsed.data);
}
