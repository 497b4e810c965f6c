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
const settings = {
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  ownPropertyOnly: true,
  cache: 500,
} as const;

const toDate = (value: unknown): Date => new Date(value instanceof Date ? value : String(value));
const groupedFa = (value: unknown): string => new Intl.NumberFormat('fa-IR').format(Number(value));

function withFilters(engine: Liquid): Liquid {
  engine.registerFilter('jalali', (value: unknown, timeZone?: string) => formatLongDate(toDate(value), 'fa', timeZone));
  engine.registerFilter('gregorian', (value: unknown, timeZone?: string) => formatLongDate(toDate(value), 'en', timeZone));
  engine.registerFilter('fa_digits', (value: unknown) => toPersianDigits(String(value)));
  engine.registerFilter('toman', (value: unknown) => `${groupedFa(value)} تومان`);
  engine.registerFilter('rial', (value: unknown) => `${groupedFa(value)} ریال`);
  engine.registerFilter('rial_to_toman', (value: unknown) => `${groupedFa(Math.round(Number(value) / 10))} تومان`);
  return engine;
}

export const liquid = withFilters(new Liquid(settings));

/**
 * Around every `{{ … }}` output in `renderMarked`'s result: what lies between VALUE_START and VALUE_END came
 * from the variables (a customer's profile, an event), everything else was written in the template.
 */
export const VALUE_START = '\uE000';
export const VALUE_END = '\uE001';
const MARKERS = /[\uE000\uE001]/g;
export const withoutMarkers = (text: string): string => text.replace(MARKERS, '');

const marking = withFilters(new Liquid({ ...settings, outputEscape: (value: unknown) => `${VALUE_START}${withoutMarkers(String(value))}${VALUE_END}` }));

/** Renders like `renderLiquid`, with each output between VALUE_START and VALUE_END (for deciding what may become a link). */
export function renderMarked(source: string, variables: Record<string, unknown>): Promise<string> {
  return marking.parseAndRender(withoutMarkers(source), variables);
}

/** Renders one Liquid source with the given variables. */
export function renderLiquid(source: string, variables: Record<string, unknown>): Promise<string> {
  return liquid.parseAndRender(source, variables);
}
