import { expect } from 'vitest';
import { formatSummary, writeSummary } from './report.js';
import { runFaults, type FaultRunOptions } from './run.js';

/**
 * One fault run as a test: FAULTS_SEED repeats a run's random choices, FAULTS_SCALE changes the number of
 * customers, FAULTS_LOG=1 prints the timeline as it happens. Prints the timeline and the summary, writes
 * it to `summaryFile`, and expects at least `minCustomers` customers (at FAULTS_SCALE 1 or more), every
 * message exactly once, none after an unsubscribe, and every run at its end state.
 */
export async function faultRunPasses(options: Omit<FaultRunOptions, 'seed' | 'scale'>, summaryFile: string, minCustomers: number): Promise<void> {
  const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 1_000_000));
  // FAULTS_LOG=1: the timeline as it happens too (it is printed with the summary at the end anyway).
  const log = process.env.FAULTS_LOG ? (line: string) => void process.stderr.write(`${line}\n`) : undefined;
  const scale = Number(process.env.FAULTS_SCALE ?? 1);
  const summary = await runFaults({ ...options, seed, scale, ...(log ? { log } : {}) });
  console.log(`\n${summary.timeline.join('\n')}\n\n${formatSummary(summary)}\n`);
  await writeSummary(summaryFile, summary);

  expect(summary.customers).toBeGreaterThanOrEqual(Math.floor(minCustomers * Math.min(1, scale)));
  expect(summary.problems).toEqual([]);
  expect(summary.messages.total).toMatchObject({ lost: 0, duplicated: 0, afterUnsubscribe: 0, unexpected: 0 });
  expect(summary.runs.stuck).toEqual([]);
  expect(summary.runs.wrongEnd).toEqual([]);
}
