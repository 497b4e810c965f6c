import { and, asc, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm';
import type { StoreDatabase } from '../store/database.js';
import type { LedgerKind } from '../store/ledger.js';
import { ledger } from '../store/schema.js';
import { periodAt, periodSpan, type Period } from './periods.js';
import type { ReportQuery } from './report.js';

/** One enrollment as the ledger tells it, with the facts about its messages and call tasks, by step. */
export interface EnrollmentHistory {
  id: string;
  sequenceId: string;
  version: string;
  /** The period its start falls in: a period's funnel follows the enrollments that started in it. */
  period: Period;
  startedAt: Date;
  /** Step IDs in the order the run reached them. */
  steps: string[];
  /** Message and call-task facts: kind, the step they belong to, the message (or task) and its channel. */
  facts: { kind: LedgerKind; step: string; subject: string; channel: string }[];
  /** The arm each `split` gave the run, by the split's step ID (`enrollment.variant`). */
  variants: Map<string, string>;
  ended?: { ending: string; reason: string; at: Date };
}

const FACT_KINDS: LedgerKind[] = ['enrollment.step', 'enrollment.variant', 'enrollment.ended', 'message.sent', 'message.delivered', 'message.opened', 'message.clicked', 'message.replied', 'call_task.opened'];

/** The step a message or call task was made by: its ID's last part (`<run>/<step>`); step IDs never hold a `/`. */
const stepOf = (id: string): string => id.slice(id.lastIndexOf('/') + 1);
/** An escalation rung (`<step>.<n>`, not itself a step the run entered) counts under its escalate step. */
const rungStep = (run: EnrollmentHistory, step: string): string => {
  const escalate = step.replace(/\.\d+$/, '');
  return !run.steps.includes(step) && run.steps.includes(escalate) ? escalate : step;
};
/** A message key is `<enrollment workflow ID>/<step>`; step IDs never hold a `/`. */
const enrollmentOfMessage = (messageKey: string): string => messageKey.slice(0, messageKey.lastIndexOf('/'));

/** The enrollments that started in the query's range (of its sequence, if it names one), each with what happened to it since. */
export async function enrollmentHistories(db: StoreDatabase, query: ReportQuery): Promise<EnrollmentHistory[]> {
  const span = periodSpan(query);
  if (!span) return [];
  const { periods, start, end } = span;
  const ofSequence = query.sequence === undefined ? isNotNull(ledger.sequenceId) : eq(ledger.sequenceId, query.sequence);
  const started = await db
    .select({ subject: ledger.subject, sequenceId: ledger.sequenceId, occurredAt: ledger.occurredAt, details: ledger.details })
    .from(ledger)
    .where(and(eq(ledger.kind, 'enrollment.started'), ofSequence, gte(ledger.occurredAt, start), lt(ledger.occurredAt, end)));
  const runs = new Map<string, EnrollmentHistory>();
  for (const row of started) {
    const period = periodAt(periods, row.occurredAt);
    if (!period || !row.sequenceId) continue;
    runs.set(row.subject, { id: row.subject, sequenceId: row.sequenceId, version: String(row.details.version ?? ''), period, startedAt: row.occurredAt, steps: [], facts: [], variants: new Map() });
  }
  if (runs.size === 0) return [];
  const facts = await db
    .select({ subject: ledger.subject, kind: ledger.kind, occurrence: ledger.occurrence, occurredAt: ledger.occurredAt, details: ledger.details })
    .from(ledger)
    .where(and(inArray(ledger.kind, FACT_KINDS), ofSequence, gte(ledger.occurredAt, start)))
    .orderBy(asc(ledger.occurredAt), asc(ledger.seq));
  for (const fact of facts) {
    const kind = fact.kind as LedgerKind;
    const channel = typeof fact.details.channel === 'string' ? fact.details.channel : '';
    if (kind === 'enrollment.step') runs.get(fact.subject)?.steps.push(fact.occurrence);
    else if (kind === 'enrollment.variant') runs.get(fact.subject)?.variants.set(fact.occurrence, String(fact.details.variant ?? ''));
    else if (kind === 'enrollment.ended') {
      const run = runs.get(fact.subject);
      if (run) run.ended = { ending: String(fact.details.ending ?? fact.details.status ?? ''), reason: String(fact.details.reason ?? ''), at: fact.occurredAt };
    } else if (kind === 'call_task.opened') {
      runs.get(String(fact.details.enrollmentId))?.facts.push({ kind, step: stepOf(fact.subject), subject: fact.subject, channel: 'call_task' });
    } else runs.get(enrollmentOfMessage(fact.subject))?.facts.push({ kind, step: stepOf(fact.subject), subject: fact.subject, channel });
  }
  for (const run of runs.values()) for (const fact of run.facts) fact.step = rungStep(run, fact.step);
  return [...runs.values()];
}
