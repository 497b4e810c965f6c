import type { StoreDatabase } from '../store/database.js';
import type { PeriodLength, ReportCalendar } from './periods.js';

/** One cell of a report: a label, a count, a rate, or null when it cannot be computed (nothing to divide by). */
export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;

/** What every report is asked: a time range cut into periods, and the filters and settings some reports read. */
export interface ReportQuery {
  from: Date;
  to: Date;
  period: PeriodLength;
  /** Whose midnight starts a day (Asia/Tehran unless told). */
  timeZone: string;
  calendar: ReportCalendar;
  /** Only this sequence (funnel, conversion, experiments). */
  sequence?: string | undefined;
  /** A customer is active while their last purchase is at most this many days old (customers report; default 90). */
  activeDays: number;
  /** What acquiring one customer costs, in the purchases' currency (customers report: lifetime value against it). */
  acquisitionCost?: number | undefined;
}

export interface Report {
  name: string;
  summary: string;
  /** The row's fields, in the order the terminal and CSV show them. */
  columns: string[];
  run(db: StoreDatabase, query: ReportQuery): Promise<ReportRow[]>;
}
