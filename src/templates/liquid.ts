import { Liquid } from 'liquidjs';
import { formatLongDate } from '../locale/dates.js';
import { toPersianDigits } from '../locale/digits.js';

/**
 * The one Liquid engine for every message: strict (a missing variable or filter is an error, never
 * an empty string in a customer's inbox), own properties only, with Persian-first filters:
 *   {{ order.date | jalali }}        → ۴ آذر ۱۴۰۵      {{ x | gregorian }} → 25 November 2026
 *   {{ 1234 | fa_digits }}           → ۱۲۳۴
 *   {{ 250000 | toman }}             → ۲۵۰٬۰۰۰ تومان   {{ 2500000 | rial }} → ۲٬۵۰۰٬۰۰۰ ریال
 *   {{ 2500000 | rial_to_toman }}    → ۲۵۰٬۰۰۰ تومان
 */
export const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  ownPropertyOnly: true,
  cache: 500,
});

const toDate = (value: unknown): Date => new Date(value instanceof Date ? value : String(value));
const groupedFa = (value: unknown): string => new Intl.NumberFormat('fa-IR').format(Number(value));

liquid.registerFilter('jalali', (value: unknown, timeZone?: string) => formatLongDate(toDate(value), 'fa', timeZone));
liquid.registerFilter('gregorian', (value: unknown, timeZone?: string) => formatLongDate(toDate(value), 'en', timeZone));
liquid.registerFilter('fa_digits', (value: unknown) => toPersianDigits(String(value)));
liquid.registerFilter('toman', (value: unknown) => `${groupedFa(value)} تومان`);
liquid.registerFilter('rial', (value: unknown) => `${groupedFa(value)} ریال`);
liquid.registerFilter('rial_to_toman', (value: unknown) => `${groupedFa(Math.round(Number(value) / 10))} تومان`);

/** Renders one Liquid source with the given variables. */
export function renderLiquid(source: string, variables: Record<string, unknown>): Promise<string> {
  return liquid.parseAndRender(source, variables);
}
