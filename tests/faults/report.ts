import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ClientStats } from './eventClient.js';
import type { ChannelCounts, LedgerResult } from './ledger.js';
import type { MessageChannel } from './scenarios.js';

export interface RunOutcome {
  enrollments: number;
  byStatus: Record<string, number>;
  callTasks: number;
  callTasksCompleted: number;
  /** Runs that did not reach their end state in time, with what they wait for. */
  stuck: string[];
  /** Runs that ended, but not in the state their scenario leads to. */
  wrongEnd: string[];
}

export interface FaultSummary {
  seed: number;
  /** What happened when (seconds after the first trigger event). */
  timeline: string[];
  customers: number;
  bySequence: Record<string, number>;
  durationsMs: { faultPhase: number; untilAllEnded: number; total: number };
  injected: Record<string, number>;
  checks: Record<string, string>;
  messages: Record<MessageChannel | 'total', ChannelCounts>;
  runs: RunOutcome;
  client: ClientStats;
  problems: string[];
}

const COLUMNS: [keyof ChannelCounts, string][] = [
  ['expected', 'expected'],
  ['delivered', 'delivered'],
  ['duplicated', 'duplicated'],
  ['lost', 'lost'],
  ['afterUnsubscribe', 'after unsub.'],
  ['unexpected', 'unexpected'],
  ['sameIdAgain', 'same id again*'],
  ['refused', 'refused (550)'],
];

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((row) => row.map(String))];
  const widths = head.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]): string => `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(head), rule, ...cells.slice(1).map(line)].join('\n');
}

/** The summary as Markdown tables (printed by the test, pasted into the README). */
export function formatSummary(summary: FaultSummary): string {
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const injected = table(['injected fault', 'count'], Object.entries(summary.injected));
  const messages = table(
    ['channel', ...COLUMNS.map(([, title]) => title)],
    (['email', 'sms', 'call_task', 'total'] as const).map((channel) => [channel === 'call_task' ? 'call task' : channel, ...COLUMNS.map(([name]) => summary.messages[channel][name])]),
  );
  const { runs } = summary;
  const statuses = Object.entries(runs.byStatus).map(([status, count]) => `${count} ${status}`).join(', ');
  return [
    `Fault run: ${summary.customers} customers (${Object.entries(summary.bySequence).map(([id, count]) => `${id} ${count}`).join(', ')}), seed ${summary.seed}; ` +
      `faults for ${seconds(summary.durationsMs.faultPhase)}, every run ended after ${seconds(summary.durationsMs.untilAllEnded)}, ${seconds(summary.durationsMs.total)} in all`,
    '',
    injected,
    '',
    messages,
    '* the same Message-ID (email) or localid (SMS) accepted again: a resend the receiver recognises and drops (Kavenegar does not send a known localid twice); not a duplicate.',
    '',
    `Runs: ${runs.enrollments} enrollments (${statuses}); ${runs.callTasksCompleted}/${runs.callTasks} call task runs completed (the rest cancelled by their enrollment); stuck ${runs.stuck.length}; wrong end state ${runs.wrongEnd.length}.`,
    `Checks: ${Object.entries(summary.checks).map(([name, result]) => `${name}: ${result}`).join('; ')}.`,
    `Webhook clients: ${summary.client.posted} events accepted (202) after ${summary.client.retries} retries (${Object.entries(summary.client.retryCauses).map(([cause, count]) => `${cause} ×${count}`).join(', ') || 'none'}).`,
    ...(summary.problems.length ? ['', 'Problems:', ...summary.problems.slice(0, 40).map((problem) => `- ${problem}`)] : []),
  ].join('\n');
}

export async function writeSummary(path: string, summary: FaultSummary): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(summary, null, 2)}\n`);
}

export type { LedgerResult };
