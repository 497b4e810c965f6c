import { and, asc, eq, gt, isNotNull, lte } from 'drizzle-orm';
import type { CustomerEvent } from '../events/customerEvent.js';
import { noFacts, type CustomerFacts } from '../../workflows/facts.js';
import { LIFECYCLE_EVENT, type ChurnType, type LifecycleRules, type LifecycleStage } from '../lifecycle/rules.js';
import { readLifecycle, type LifecycleState } from '../lifecycle/stage.js';
import type { StoreDatabase } from './database.js';
import { addEventToFacts } from './facts.js';
import { customerFacts, events } from './schema.js';

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

/**
 * In the transaction that records `event` (new for this customer): the facts with it added (from all the
 * customer's events when they have no facts yet: recorded before facts existed), the stage read `now`,
 * and, when it changed, the change kept as a `lifecycle_changed` event and answered for delivery.
 */
export async function noteEventFacts(
  tx: StoreDatabase,
  event: { customerId: string; eventId: string; type: string; occurredAt: Date; data?: Record<string, unknown> | undefined },
  rules: LifecycleRules,
  now: Date,
): Promise<RecordedFacts> {
  const [row] = await tx.select().from(customerFacts).where(eq(customerFacts.customerId, event.customerId)).for('update');
  const earlier = row
    ? [event]
    : await tx
        .select({ type: events.type, occurredAt: events.occurredAt, data: events.data })
        .from(events)
        .where(eq(events.customerId, event.customerId))
        .orderBy(asc(events.occurredAt), asc(events.seq));
  const facts = earlier
    .filter((recorded) => recorded.type !== LIFECYCLE_EVENT)
    .reduce((sum, recorded) => addEventToFacts(sum, { ...recorded, data: recorded.data ?? undefined }, rules), row?.facts ?? noFacts());
  const lifecycle = await saveReading(tx, event.customerId, facts, stateOf(row), rules, now, { eventId: event.eventId });
  return { facts, ...(lifecycle && { lifecycle }) };
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
      const [row] = await tx.select().from(customerFacts).where(eq(customerFacts.customerId, customerId)).for('update');
      return row ? saveReading(tx, customerId, row.facts, stateOf(row), rules, now, 'clock') : undefined;
    });
    if (change) changes.push(change);
  }
  return { changes, examined: due.length };
}

async function saveReading(
  tx: StoreDatabase,
  customerId: string,
  facts: CustomerFacts,
  current: LifecycleState | undefined,
  rules: LifecycleRules,
  now: Date,
  cause: { eventId: string } | 'clock',
): Promise<CustomerEvent | undefined> {
  const reading = readLifecycle(facts, current, rules, now);
  // A customer's first stage is where they start, not a change.
  const changed = current !== undefined && reading.stage !== current.stage;
  const since = changed || !current ? now : current.since;
  const churnType = changed || !current ? reading.churnType : current.churnType;
  const values = { facts, stage: reading.stage, churnType, stageSince: since, stageDueAt: reading.dueAt };
  await tx.insert(customerFacts).values({ customerId, ...values }).onConflictDoUpdate({ target: customerFacts.customerId, set: values });
  if (!changed) return undefined;
  const change: CustomerEvent = {
    eventId: lifecycleEventId(cause === 'clock' ? { stage: reading.stage, since } : cause),
    type: LIFECYCLE_EVENT,
    customerId,
    occurredAt: since.toISOString(),
    data: { stage: reading.stage, previous_stage: current.stage, churn_type: reading.churnType },
  };
  await tx
    .insert(events)
    .values({ customerId, eventId: change.eventId, type: LIFECYCLE_EVENT, occurredAt: since, receivedAt: now, data: change.data })
    .onConflictDoNothing();
  return change;
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
