import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export type Row = Record<string, string | number>;

export interface Target {
  what: string;
  target: string;
  measured: string | number;
  met: boolean;
}

export interface BenchReport {
  name: string;
  /** Sizes, rates and other knobs the run used. */
  parameters: Record<string, string | number>;
  rows: Row[];
  targets: Target[];
  notes?: string[];
  temporal?: string;
}

/** Prints the report as tables and writes it, with the machine, to bench/results/<name>.json. */
export function writeReport(report: BenchReport): void {
  const machine = {
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    temporal: report.temporal ?? 'n/a',
    loadAtEnd: loadAverage(),
  };
  console.log(`\n## ${report.name}  (${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}${report.temporal ? `, ${report.temporal}` : ''}; load average at the end ${machine.loadAtEnd})`);
  console.log(Object.entries(report.parameters).map(([key, value]) => `${key}=${value}`).join('  '));
  printTable(report.rows);
  if (report.targets.length > 0) {
    printTable(report.targets.map((t) => ({ target: t.what, wanted: t.target, measured: t.measured, met: t.met ? 'yes' : 'NO' })));
  }
  for (const note of report.notes ?? []) console.log(`note: ${note}`);
  const dir = join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.name}.json`);
  writeFileSync(file, `${JSON.stringify({ ...report, machine, at: new Date().toISOString() }, null, 2)}\n`);
  console.log(`→ ${file}`);
}

function printTable(rows: Row[]): void {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (row: Row, column: string): string => String(row[column] ?? '');
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row, column).length)));
  const line = (values: string[]): string => `| ${values.map((value, i) => value.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(columns.map((column) => cell(row, column))));
}

/** The machine's load average (1, 5, 15 minutes), as `uptime` prints it: other work on the machine slows every figure. */
export function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(', ');
}
