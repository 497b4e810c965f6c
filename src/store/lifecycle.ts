import { and, asc, eq, gt, isNotNull, lte, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { CustomerEvent } from '../events/customerEvent.js';
import { noFacts, type CustomerFacts } from '../../workflows/facts.js';
import { LIFECYCLE_EVENT, type ChurnType, type LifecycleRules, type LifecycleStage } from '../lifecycle/rules.js';
import { readLifecycle, type LifecycleState } from '../lifecycle/stage.js';
import type { StoreDatabase } from './database.js';
import { addEventToFacts } from './facts.js';
import { customerFacts, customers, events } from './schema.js';
import { isNonEmpty } from './profile.js';

/** What the store adds to an event it recorded, for the contact: the facts after it, the stage change it caused. */
export interface RecordedFacts {
  facts: CustomerFacts;
  lifecycle?: CustomerEvent;
}

/** The stage change event: `lifecycle/<cause eventId>` for one an event caused, `lifecycle/<stage>/<since>` for the clock's. */
export function lifecycleEventId(cause: { eventId: string } | { stage: LifecycleStage; since: Date }): string {
  return 'eventId' in cause ? `lifecycle/${cause.eventId}` : `lifecycle/${cause.stage}/${cause.since.toISOString()}`;
}

type Row = typeof customerFacts.$inferSelect;
const stateOf = (row: Row | undefined): LifecycleState | undefined => row && { stage: row.stage, churnType: row.churnType ?? null, since: row.stageSince };

/** The facts and stage a customer had before an event, as the event's claim statement reads them (recordEvent.ts). */
export interface FactsBefore {
  facts: CustomerFacts | null;
  state: LifecycleState | undefined;
  /** No facts yet but events: recorded before facts existed, so the facts are rebuilt from all of them. */
  rebuild: boolean;
  /** The facts row's version as read (its `xmin`; null: no row), which the write must find unchanged (`FactsReading.over`). */
  version: string | null;
}

/**
 * Columns for the claim statement's `returning`: the customer's facts row (null when none) and its version.
 * Its subqueries read from the statement's snapshot, taken before it waited for the customer's lock: when
 * another transaction changed the facts meanwhile, the version read is old, and the write finds that out.
 */
export function factsBeforeColumns(customerId: AnyColumn) {
  const of = (column: AnyColumn | SQL) => sql`(select ${column} from ${customerFacts} where ${customerFacts.customerId} = ${customerId})`;
  return {
    facts: sql<CustomerFacts | null>`${of(customerFacts.facts)}`.mapWith(customerFacts.facts),
    stage: sql<LifecycleStage | null>`${of(customerFacts.stage)}`,
    churnType: sql<ChurnType | null>`${of(customerFacts.churnType)}`,
    stageSince: sql<Date | null>`${of(customerFacts.stageSince)}`.mapWith(customerFacts.stageSince),
    version: sql<string | null>`${of(sql`${customerFacts}.xmin::text`)}`,
    rebuild: sql<boolean>`not exists (select 1 from ${customerFacts} where ${customerFacts.customerId} = ${customerId}) and exists (select 1 from ${events} where ${events.customerId} = ${customerId})`,
  };
}

/** The claim statement's columns as `FactsBefore`. */
export function factsBefore(row: {
  facts: CustomerFacts | null;
  stage: LifecycleStage | null;
  churnType: ChurnType | null;
  stageSince: Date | null;
  rebuild: boolean;
  version: string | null;
}): FactsBefore {
  const state = row.stage && row.stageSince ? { stage: row.stage, churnType: row.churnType, since: row.stageSince } : undefined;
  return { facts: row.facts, state, rebuild: row.rebuild, version: row.version };
}

type FactsEvent = { type: string; occurredAt: Date; data?: Record<string, unknown> | undefined };

/**
 * The facts after a new event (from all the customer's events when they have no facts yet but were
 * recorded before facts existed: one more read, only then), and the stage read `now`: the row to write
 * and, when the stage changed, the change as a `lifecycle_changed` event (`factsWrites` writes both).
 */
export async function factsAfterEvent(
  tx: StoreDatabase,
  event: FactsEvent & { customerId: string; eventId: string },
  before: FactsBefore,
  rules: LifecycleRules,
  now: Date,
): Promise<FactsReading> {
  const earlier = before.rebuild
    ? await tx.select({ type: events.type, occurredAt: events.occurredAt, data: events.data }).from(events).where(eq(events.customerId, event.customerId)).orderBy(asc(events.occurredAt), asc(events.seq))
    : [];
  const facts = [...earlier.map((recorded) => ({ ...recorded, data: recorded.data ?? undefined })), event]
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
    .filter((recorded) => recorded.type !== LIFECYCLE_EVENT)
    .reduce((sum: CustomerFacts, recorded) => addEventToFacts(sum, recorded, rules), before.facts ?? noFacts());
  return { ...readFacts(event.customerId, facts, before.state, rules, now, { eventId: event.eventId }), over: before.version };
}

/** A customer's facts row as it is to be written, and the stage change to keep and deliver, if any. */
export interface FactsReading {
  customerId: string;
  values: Omit<typeof customerFacts.$inferInsert, 'customerId'> & { facts: CustomerFacts };
  change?: CustomerEvent;
  now: Date;
  /** Written only over this version of the row (null: only where there is none yet); absent: over whatever is there (read under the lock). */
  over?: string | null;
}

function readFacts(customerId: string, facts: CustomerFacts, current: LifecycleState | undefined, rules: LifecycleRules, now: Date, cause: { eventId: string } | 'clock'): FactsReading {
  const reading = readLifecycle(facts, current, rules, now);
  // A customer's first stage is where they start, not a change.
  const changed = current !== undefined && reading.stage !== current.stage;
  const since = changed || !current ? now : current.since;
  const churnType = changed || !current ? reading.churnType : current.churnType;
  const values = { facts, stage: reading.stage, churnType, stageSince: since, stageDueAt: reading.dueAt };
  if (!changed) return { customerId, values, now };
  const change: CustomerEvent = {
    eventId: lifecycleEventId(cause === 'clock' ? { stage: reading.stage, since } : cause),
    type: LIFECYCLE_EVENT,
    customerId,
    occurredAt: since.toISOString(),
    data: { stage: reading.stage, previous_stage: current.stage, churn_type: reading.churnType },
  };
  return { customerId, values, change, now };
}

/**
 * The writes of readings (of different customers): their facts rows, and their stage changes as events (each a
 * statement of its own or a CTE). A facts row whose version is no longer the one its reading was made `over`
 * is left as it is: the statement returns fewer rows than readings, and the caller reads again.
 */
export function factsWrites(tx: StoreDatabase, readings: readonly [FactsReading, ...FactsReading[]]) {
  const changes = readings.flatMap(({ customerId, change, now }) =>
    change ? [{ customerId, eventId: change.eventId, type: LIFECYCLE_EVENT, occurredAt: new Date(change.occurredAt ?? now), receivedAt: now, data: change.data }] : [],
  );
  const versionChecks = readings.flatMap(({ customerId, over }) =>
    over === undefined ? [] : [sql`when ${customerId} then ${over === null ? sql`false` : sql`${customerFacts}.xmin::text = ${over}`}`],
  );
  return {
    facts: tx
      .insert(customerFacts)
      .values(readings.map(({ customerId, values }) => ({ customerId, ...values })))
      .onConflictDoUpdate({
        target: customerFacts.customerId,
        set: { facts: sql`excluded.facts`, stage: sql`excluded.stage`, churnType: sql`excluded.churn_type`, stageSince: sql`excluded.stage_since`, stageDueAt: sql`excluded.stage_due_at` },
        ...(isNonEmpty(versionChecks) && { setWhere: sql`case ${customerFacts.customerId} ${sql.join(versionChecks, sql` `)} else true end` }),
      }),
    change: isNonEmpty(changes) ? tx.insert(events).values([...changes]).onConflictDoNothing() : undefined,
  };
}

/** The stage change an event caused, when it caused one (a redelivered event is delivered with it again). */
export async function lifecycleChangeCausedBy(db: StoreDatabase, customerId: string, eventId: string): Promise<RecordedFacts | undefined> {
  const [row] = await db.select().from(customerFacts).where(eq(customerFacts.customerId, customerId));
  if (!row) return undefined;
  const [change] = await db.select().from(events).where(and(eq(events.customerId, customerId), eq(events.eventId, lifecycleEventId({ eventId }))));
  return { facts: row.facts, ...(change && { lifecycle: asEvent(change) }) };
}

/**
 * The lifecycle clock's query: customers whose stage time alone may have changed by `now` (indexed by
 * `stage_due_at`), each read again and, when changed, updated and the change kept as an event, which is
 * answered for delivery. At most `limit` per call; the clock calls again while it gets a full page.
 */
export async function advanceDueLifecycles(db: StoreDatabase, rules: LifecycleRules, now: Date, limit: number): Promise<{ changes: CustomerEvent[]; examined: number }> {
  const due = await db
    .select({ customerId: customerFacts.customerId })
    .from(customerFacts)
    .where(and(isNotNull(customerFacts.stageDueAt), lte(customerFacts.stageDueAt, now)))
    .orderBy(asc(customerFacts.stageDueAt))
    .limit(limit);
  const changes: CustomerEvent[] = [];
  for (const { customerId } of due) {
    const change = await db.transaction(async (tx) => {
      // The customer's row first, as every writer of their facts locks it (an event's intake reads the facts under it).
      await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).for('update');
      const [row] = await tx.select().from(customerFacts).where(eq(customerFacts.customerId, customerId));
      if (!row) return undefined;
      const reading = readFacts(customerId, row.facts, stateOf(row), rules, now, 'clock');
      const writes = factsWrites(tx, [reading]);
      await writes.facts;
      if (writes.change) await writes.change;
      return reading.change;
    });
    if (change) changes.push(change);
  }
  return { changes, examined: due.length };
}

function asEvent(row: typeof events.$inferSelect): CustomerEvent {
  return { eventId: row.eventId, type: row.type, customerId: row.customerId, occurredAt: row.occurredAt.toISOString(), ...(row.data && { data: row.data }) };
}

/** Customers in a stage (and churn type), by customer ID, `limit` per page; pass the last ID back as `after`. */
export async function customersInStage(
  db: StoreDatabase,
  query: { stage: LifecycleStage; churnType?: ChurnType | undefined; limit: number; after?: string | undefined },
): Promise<{ customers: { customerId: string; stage: LifecycleStage; churnType: ChurnType | null; since: Date }[]; next?: string }> {
  const rows = await db
    .select({ customerId: customerFacts.customerId, stage: customerFacts.stage, churnType: customerFacts.churnType, since: customerFacts.stageSince })
    .from(customerFacts)
    .where(
      and(
        eq(customerFacts.stage, query.stage),
        query.churnType ? eq(customerFacts.churnType, query.churnType) : undefined,
        query.after === undefined ? undefined : gt(customerFacts.customerId, query.after),
      ),
    )
    .orderBy(asc(customerFacts.customerId))
    .limit(query.limit + 1);
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  return { customers: shown, ...(rows.length > query.limit && last && { next: last.customerId }) };
}

/** Facts and stage, as `GET /v1/customers/:id` and the export show them. */
export async function factsAndStage(db: StoreDatabase, customerId: string): Promise<{ facts: CustomerFacts; lifecycle: LifecycleState } | undefined> {
  const [row] = await db.select().from(customerFacts).where(eq(customerFacts.customerId, customerId));
  const lifecycle = stateOf(row);
  return row && lifecycle && { facts: row.facts, lifecycle };
}
