import { and, count, desc, eq, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { StoreDatabase } from './database.js';
import { ledger } from './schema.js';

/** Runs still open, as the ledger counts them: per sequence, version and the step each reached last (null: started, no step yet). */
export interface OpenRuns {
  sequenceId: string;
  version: string;
  step: string | null;
  runs: number;
}

/**
 * The enrollments that started and have not ended (`enrollment.started` without `enrollment.ended`), grouped by
 * their sequence, version and last step reached. One query on the store, the same facts the funnel counts; a run
 * reaches a wait's step fact before it sleeps (the fact rides in the wait's `wakeTime` activity). Not counted: runs
 * from before the ledger (no facts) and runs terminated outside Peygir (no `ended` fact until they are).
 */
export async function openRuns(db: StoreDatabase, sequenceId?: string): Promise<OpenRuns[]> {
  const started = alias(ledger, 'started');
  const ended = alias(ledger, 'ended');
  const reached = alias(ledger, 'reached');
  const lastStep = db
    .select({ step: reached.occurrence })
    .from(reached)
    .where(and(eq(reached.subject, started.subject), eq(reached.kind, 'enrollment.step')))
    .orderBy(desc(reached.seq))
    .limit(1);
  const open = db.$with('open_runs').as(
    db
      .select({ sequenceId: started.sequenceId, version: sql<string>`coalesce(${started.details}->>'version', '')`.as('version'), step: sql<string | null>`(${lastStep})`.as('step') })
      .from(started)
      .where(
        and(
          eq(started.kind, 'enrollment.started'),
          sequenceId === undefined ? undefined : eq(started.sequenceId, sequenceId),
          notExists(db.select({ one: sql`1` }).from(ended).where(and(eq(ended.subject, started.subject), eq(ended.kind, 'enrollment.ended')))),
        ),
      ),
  );
  const rows = await db
    .with(open)
    .select({ sequenceId: open.sequenceId, version: open.version, step: open.step, runs: count() })
    .from(open)
    .groupBy(open.sequenceId, open.version, open.step);
  return rows.flatMap((row) => (row.sequenceId ? [{ ...row, sequenceId: row.sequenceId, runs: Number(row.runs) }] : []));
}
