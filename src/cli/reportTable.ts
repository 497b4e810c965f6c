import type { Cell, ReportResult } from '../reports/index.js';

const shown = (cell: Cell | undefined): string => (cell === null || cell === undefined ? '' : String(cell));

/** The rows as a table for the terminal: one line per row, columns padded to their widest cell; "(no rows)" when empty. */
export function reportTable(result: ReportResult): string {
  const lines = [result.columns, ...result.rows.map((row) => result.columns.map((column) => shown(row[column])))];
  const widths = result.columns.map((_, index) => Math.max(...lines.map((line) => [...(line[index] ?? '')].length)));
  const pad = (line: string[]) => line.map((cell, index) => cell + ' '.repeat((widths[index] ?? 0) - [...cell].length)).join('  ').trimEnd();
  const table = lines.map(pad);
  return [table[0] ?? '', (widths.map((width) => '-'.repeat(width)).join('  ')), ...table.slice(1), ...(result.rows.length === 0 ? ['(no rows)'] : [])].join('\n');
}

/** RFC 4180 CSV: a header line, then one line per row; a cell with a comma, quote or line break is quoted. */
export function reportCsv(result: ReportResult): string {
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  return [result.columns, ...result.rows.map((row) => result.columns.map((column) => shown(row[column])))].map((line) => line.map(field).join(',')).join('\r\n');
}
