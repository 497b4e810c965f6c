import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { ledger } from '../store/schema.js';
import { periodAt, periodSpan } from './periods.js';
import type { Report } from './report.js';
import { round } from './stats.js';

const HOUR = 3_600_000;

/**
 * Unresolved complaints at the end of the range (`to`, now unless told): call tasks opened before it,
 * with a due time (`due_in`) before it, and neither completed nor cancelled before it; per assignee,
 * with the oldest due time and how many hours past it that is.
 */
export const unresolvedReport: Report = {
  name: 'unresolved-complaints',
  summary: 'Open call tasks past due at the end of the range, by assignee',
  columns: ['assignee', 'past_due', 'oldest_due_at', 'most_overdue_hours'],
  async run(db, query) {
    const entries = await db
      .select({ subject: ledger.subject, kind: ledger.kind, details: ledger.details })
      .from(ledger)
      .where(and(inArray(ledger.kind, ['call_task.opened', 'call_task.completed', 'call_task.cancelled']), lt(ledger.occurredAt, query.to)));
    const closed = new Set(entries.filter((entry) => entry.kind !== 'call_task.opened').map((entry) => entry.subject));
    const byAssignee = new Map<string, Date[]>();
    for (const entry of entries) {
      const due = typeof entry.details.dueAt === 'string' ? new Date(entry.details.dueAt) : undefined;
      if (entry.kind !== 'call_task.opened' || closed.has(entry.subject) || !due || due >= query.to) continue;
      const assignee = String(entry.details.assignee ?? '');
      byAssignee.set(assignee, [...(byAssignee.get(assignee) ?? []), due]);
    }
    return [...byAssignee]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([assignee, dues]) => {
        const oldest = new Date(Math.min(...dues.map((due) => due.getTime())));
        return { assignee, past_due: dues.length, oldest_due_at: oldest.toISOString(), most_overdue_hours: round((query.to.getTime() - oldest.getTime()) / HOUR) };
      });
  },
};

/** The reason an agent wrote, as counted: the note's text trimmed; calls without a note count under `(no note)`. */
const NO_NOTE = '(no note)';

/** Per period of the call's completion: calls per outcome, and per reason (the agent's note) within it. */
export const callOutcomesReport: Report = {
  name: 'call-outcomes',
  summary: 'Completed calls per outcome, and per the reason noted',
  columns: ['period', 'outcome', 'reason', 'calls'],
  async run(db, query) {
    const span = periodSpan(query);
    if (!span) return [];
    const { periods, start, end } = span;
    const inRange = and(gte(ledger.occurredAt, start), lt(ledger.occurredAt, end));
    const outcomes = await db.select({ subject: ledger.subject, occurredAt: ledger.occurredAt, details: ledger.details }).from(ledger).where(and(eq(ledger.kind, 'call_task.outcome'), inRange));
    const notes = await db.select({ subject: ledger.subject, details: ledger.details }).from(ledger).where(and(eq(ledger.kind, 'call_task.note'), inRange));
    const noteOf = new Map(notes.map((note) => [note.subject, typeof note.details.notes === 'string' ? note.details.notes.trim() : '']));
    const counts = new Map<string, { period: string; start: number; outcome: string; reason: string; calls: number }>();
    for (const call of outcomes) {
      const period = periodAt(periods, call.occurredAt);
      if (!period) continue;
      const outcome = String(call.details.outcome ?? '');
      const reason = noteOf.get(call.subject) || NO_NOTE;
      const id = JSON.stringify([period.start.getTime(), outcome, reason]);
      const row = counts.get(id) ?? { period: period.label, start: period.start.getTime(), outcome, reason, calls: 0 };
      row.calls += 1;
      counts.set(id, row);
    }
    return [...counts.values()]
      .sort((a, b) => a.start - b.start || a.outcome.localeCompare(b.outcome) || b.calls - a.calls || a.reason.localeCompare(b.reason))
      .map(({ period, outcome, reason, calls }) => ({ period, outcome, reason, calls }));
  },
};
