import type { StoreDatabase } from '../store/database.js';
import { callOutcomesReport, unresolvedReport } from './callTasks.js';
import { customersReport } from './customers.js';
import { experimentsReport } from './experiments.js';
import { conversionReport, funnelReport } from './funnel.js';
import { reactionReport } from './reaction.js';
import type { Report, ReportQuery, ReportRow } from './report.js';

export type { Cell, Report, ReportQuery, ReportRow } from './report.js';

/** Every report, by the name `GET /v1/reports/<name>` and `peygir report <name>` take. */
export const REPORTS: Record<string, Report> = Object.fromEntries(
  [funnelReport, conversionReport, experimentsReport, reactionReport, unresolvedReport, callOutcomesReport, customersReport].map((report) => [report.name, report]),
);

export const REPORT_NAMES = Object.keys(REPORTS);

/** A report's rows, its columns in order: what the API returns as JSON and the CLI prints. */
export interface ReportResult {
  report: string;
  columns: string[];
  rows: ReportRow[];
}

export async function runReport(db: StoreDatabase, name: string, query: ReportQuery): Promise<ReportResult> {
  const report = REPORTS[name];
  if (!report) throw new Error(`unknown report "${name}"; one of ${REPORT_NAMES.join(', ')}`);
  return { report: name, columns: report.columns, rows: await report.run(db, query) };
}
