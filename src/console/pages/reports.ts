import { toPersianDigits } from '../../locale/digits.js';
import { REPORTS, type ReportResult } from '../../reports/index.js';
import { barChart, showNumber } from '../charts.js';
import { esc, layout, type PageContext } from '../layout.js';
import { messages } from '../messages.js';

/** What the reports page was asked: the report, the column to chart, and the report's own parameters as typed. */
export interface ReportChoice {
  name: string;
  column?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  sequence?: string | undefined;
}

/** The columns holding numbers (charted), the others label each bar. */
function numericColumns(result: ReportResult): string[] {
  return result.columns.filter((column) => result.rows.some((row) => typeof row[column] === 'number') && result.rows.every((row) => typeof row[column] !== 'string'));
}

/**
 * A report (GET /v1/reports/<name>) as a bar chart of one of its number columns, each bar labelled by the row's text
 * cells, and the whole table under it.
 */
export function reportsPage(context: PageContext, choice: ReportChoice, result: ReportResult): string {
  const t = messages(context.lang);
  const numeric = numericColumns(result);
  const column = choice.column && numeric.includes(choice.column) ? choice.column : numeric[0];
  // A bar is named by the row's text cells that tell rows apart (not those every row shares, like the one sequence asked for).
  const texts = result.columns.filter((name) => !numeric.includes(name));
  const varying = texts.filter((name) => new Set(result.rows.map((row) => row[name])).size > 1);
  const labels = varying.length ? varying : texts;
  /** A text cell as shown: periods in Persian digits on Persian pages (versions, IDs and names as they are). */
  const text = (value: unknown, name: string) => (name === 'period' && context.lang === 'fa' ? toPersianDigits(String(value ?? '')) : String(value ?? ''));
  const option = (value: string, selected: string | undefined) => `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(value)}</option>`;
  const field = (name: 'from' | 'to' | 'sequence', label: string) => `<label>${label}<input name="${name}" value="${esc(choice[name] ?? '')}" dir="ltr"></label>`;
  const form = `<form method="get" action="/console/reports" class="report-form">
<label>${t.report}<select name="name">${Object.keys(REPORTS).map((name) => option(name, choice.name)).join('')}</select></label>
<label>${t.column}<select name="column">${result.columns.filter((name) => numeric.includes(name)).map((name) => option(name, column)).join('')}</select></label>
${field('from', `${t.from} <small dir="ltr">2026-11-01 · 1405/08/10</small>`)}${field('to', t.to)}${field('sequence', t.sequences)}<button>${t.show}</button></form>`;
  const chart =
    column && result.rows.length
      ? barChart(`${choice.name}: ${column}`, result.rows.map((row) => ({ label: labels.map((name) => text(row[name], name)).filter(Boolean).join(' · '), value: Number(row[column] ?? 0) })), context.lang)
      : `<p>${t.noRows}</p>`;
  const cell = (value: unknown, name: string) => (typeof value === 'number' ? showNumber(value, context.lang) : esc(text(value, name)));
  const table = `<div class="wide"><table><thead><tr>${result.columns.map((name) => `<th dir="ltr">${esc(name)}</th>`).join('')}</tr></thead>
<tbody>${result.rows.map((row) => `<tr>${result.columns.map((name) => `<td>${cell(row[name], name)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`;
  return layout(context, t.reports, `<section>${form}</section><section><h2 dir="ltr">${esc(choice.name)}</h2><p dir="ltr"><small>${esc(REPORTS[choice.name]?.summary ?? '')}</small></p>${chart}${table}</section>`);
}
