import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { events, ledger } from '../store/schema.js';
import { periodAt, periodSpan } from './periods.js';
import type { Report } from './report.js';
import { minutes, percentile } from './stats.js';

/** An unhappy customer, as the shipped survey-followup sequence reads one: a `survey_answered` event with `data.nps` 0–6. */
export const DETRACTOR = { event: 'survey_answered', field: 'nps', highest: 6 } as const;

export const isDetractor = (data: Record<string, unknown> | null): boolean => {
  const score = data?.[DETRACTOR.field];
  return typeof score === 'number' && score <= DETRACTOR.highest;
};

/**
 * Time to react to an unhappy customer, per period of the detractor event: how many detractor events,
 * how many were followed by a call task opened for that customer (the first one opened at or after the
 * event) and by a call completed (the first completion at or after it), with p50 and p90 of each wait
 * in minutes (nearest rank).
 */
export const reactionReport: Report = {
  name: 'reaction-time',
  summary: 'Detractor survey answer → call task opened, and → call completed: p50 and p90 (minutes)',
  columns: ['period', 'detractors', 'tasks_opened', 'open_p50_minutes', 'open_p90_minutes', 'calls_completed', 'complete_p50_minutes', 'complete_p90_minutes'],
  async run(db, query) {
    const span = periodSpan(query);
    if (!span) return [];
    const { periods, start, end } = span;
    const answeredInRange = and(eq(events.type, DETRACTOR.event), gte(events.occurredAt, start), lt(events.occurredAt, end));
    const answers = await db.select({ customerId: events.customerId, occurredAt: events.occurredAt, data: events.data }).from(events).where(answeredInRange);
    const detractors = answers.filter((answer) => isDetractor(answer.data));
    // Call tasks of the customers who answered the survey in the range (a subquery, not a list of parameters).
    const answered = db.selectDistinct({ customerId: events.customerId }).from(events).where(answeredInRange);
    const tasks = detractors.length === 0 ? [] : await db
      .select({ customerId: ledger.customerId, kind: ledger.kind, occurredAt: ledger.occurredAt })
      .from(ledger)
      .where(and(inArray(ledger.kind, ['call_task.opened', 'call_task.completed']), inArray(ledger.customerId, answered), gte(ledger.occurredAt, start)));
    const tasksOf = new Map<string, typeof tasks>();
    for (const task of tasks) tasksOf.set(task.customerId, [...(tasksOf.get(task.customerId) ?? []), task]);
    /** Milliseconds from the answer to the customer's first `kind` at or after it. */
    const wait = (answer: (typeof detractors)[number], kind: string): number[] => {
      const after = (tasksOf.get(answer.customerId) ?? []).filter((task) => task.kind === kind && task.occurredAt >= answer.occurredAt).map((task) => task.occurredAt.getTime());
      return after.length === 0 ? [] : [Math.min(...after) - answer.occurredAt.getTime()];
    };
    return periods.map((period) => {
      const inPeriod = detractors.filter((answer) => periodAt([period], answer.occurredAt));
      const opened = inPeriod.flatMap((answer) => wait(answer, 'call_task.opened'));
      const completed = inPeriod.flatMap((answer) => wait(answer, 'call_task.completed'));
      return {
        period: period.label,
        detractors: inPeriod.length,
        tasks_opened: opened.length,
        open_p50_minutes: minutes(percentile(opened, 50)),
        open_p90_minutes: minutes(percentile(opened, 90)),
        calls_completed: completed.length,
        complete_p50_minutes: minutes(percentile(completed, 50)),
        complete_p90_minutes: minutes(percentile(completed, 90)),
      };
    });
  },
};
