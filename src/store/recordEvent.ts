import { and, asc, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { CustomerEvent } from '../events/customerEvent.js';
import type { IdentityDigest } from '../security/identityDigest.js';
import { mergeProfile } from '../../workflows/profile.js';
import { consentDecision } from '../../workflows/consent.js';
import type { StoreDatabase } from './database.js';
import { CustomerErasedError, LASTING_REFUSALS, refuseReturningIdentities, type IdentityGiven } from './erasure.js';
import { ledgerRow } from './ledger.js';
import { messageOutcomeOf } from './messageOutcome.js';
import { identitiesOf, isNonEmpty, saveProfiles, upsertIdentities, type IdentityRow, type ProfileRow } from './profile.js';
import { consents, customers, events, ledger } from './schema.js';
import { factsAfterEvent, factsBefore, factsBeforeColumns, factsWrites, lifecycleChangeCausedBy, type FactsReading, type RecordedFacts } from './lifecycle.js';
import type { LifecycleRules } from '../lifecycle/rules.js';

/** An event to record, and when it was received. */
export interface EventToRecord {
  event: CustomerEvent;
  receivedAt: Date;
}

/** Whether the event is new, with the customer's facts and the stage change it caused (also when it was recorded before). */
export type RecordOutcome = { recorded: boolean } & Partial<RecordedFacts>;

/** What became of one event of a batch: its outcome, or why it was not recorded (an erased customer, a store failure). */
export type Recorded = { outcome: RecordOutcome } | { error: unknown };

/**
 * Records a batch of events of different customers in one transaction (`recordEventsIn`). When the batch
 * cannot be written whole (one of its events recorded meanwhile by another transaction, a value the
 * database refuses, a lost connection), each of its events is tried again in a transaction of its own,
 * so no event fails, or is held back, because of another.
 */
export async function recordEvents(db: StoreDatabase, digest: IdentityDigest, rules: LifecycleRules, batch: readonly EventToRecord[], attempt = 1): Promise<Recorded[]> {
  try {
    return await db.transaction((tx) => recordEventsIn(tx, digest, rules, batch, { lockFirst: attempt > 1 }));
  } catch (error) {
    if (batch.length > 1) return (await Promise.all(batch.map((one) => recordEvents(db, digest, rules, [one])))).flat();
    const [only] = batch;
    // Another transaction changed the customer's facts while this one waited for the row: again, locking it before reading.
    if (error instanceof FactsChangedMeanwhile && attempt < FACTS_ATTEMPTS) return recordEvents(db, digest, rules, batch, attempt + 1);
    if (!(error instanceof RecordedMeanwhile) || !only) return [{ error }];
    return lifecycleChangeCausedBy(db, only.event.customerId, only.event.eventId).then(
      (caused) => [{ outcome: { recorded: false, ...caused } }],
      (failed: unknown) => [{ error: failed }],
    );
  }
}

/**
 * An event was recorded by another transaction that held its customer's row while step 1 waited
 * (step 1's check reads from before the wait): what step 2 wrote is rolled back with the transaction.
 */
export class RecordedMeanwhile extends Error {
  override name = 'RecordedMeanwhile';
}

/** The customer's facts changed between step 1's read and step 2's write (another process recorded one of their events). */
export class FactsChangedMeanwhile extends Error {
  override name = 'FactsChangedMeanwhile';
}

/** Attempts at an event whose customer's facts changed meanwhile (the second locks first: it fails only for a customer created meanwhile). */
const FACTS_ATTEMPTS = 3;

/** What step 2 writes for one new event. */
interface EventWrites {
  index: number;
  event: typeof events.$inferInsert;
  profile?: ProfileRow;
  identities: IdentityRow[];
  outcome?: typeof ledger.$inferInsert;
  facts: FactsReading;
  consent?: typeof consents.$inferInsert;
}

/**
 * Records accepted events of different customers, each once (by customer + eventId) with its profile
 * merge, identities, consent and message outcome, all or nothing, inside the caller's transaction (`tx`),
 * in as few statements as the work allows, however many events there are (each statement is a round trip
 * to PostgreSQL, or four trips through PGlite's wire protocol):
 *   1. claim the customers' rows (created if new, locked either way, in customer ID order so that two
 *      batches never wait for each other in a circle: every writer of a customer's facts locks the row
 *      first), answering each one's profile, whether it was erased, whether its event is recorded already,
 *      and its facts and stage;
 *   2. everything the new events write, at once, as data-modifying CTEs: the events (all of them, or
 *      RecordedMeanwhile), the merged profiles, the identities, refusals for addresses of erased people,
 *      the message outcomes, the facts with each event added and the stage read now, and the stage
 *      changes they caused as `lifecycle_changed` events;
 *   3. only when there are consent events (unsubscribed, subscribed, a bounce): the decisions, after
 *      the refusals of step 2 they must not override.
 * With `lockFirst` (an attempt again after FactsChangedMeanwhile) the rows are locked by a statement of their own
 * before step 1, whose reads then come after every other writer of those customers.
 * An event of an erased customer is answered CustomerErasedError and writes nothing; a redelivered one
 * writes nothing and is answered the facts and stage change it caused. A customer recorded before facts
 * existed has them rebuilt from all their events (one more read, once).
 */
export async function recordEventsIn(
  tx: StoreDatabase,
  digest: IdentityDigest,
  rules: LifecycleRules,
  batch: readonly EventToRecord[],
  { lockFirst }: { lockFirst: boolean },
): Promise<Recorded[]> {
  const customerIds = batch.map(({ event }) => event.customerId).sort();
  if (new Set(customerIds).size !== customerIds.length) throw new Error('a batch of events to record holds one event per customer');
  if (lockFirst) await tx.select({ id: customers.id }).from(customers).where(inArray(customers.id, customerIds)).orderBy(asc(customers.id)).for('update');
  const claims = customerIds.map((id) => ({ id }));
  const recordedAlready = sql.join(
    batch.map(({ event }) => sql`(${event.customerId}, ${event.eventId})`),
    sql`, `,
  );
  const claimed = await tx
    .insert(customers)
    .values(claims)
    .onConflictDoUpdate({ target: customers.id, set: { id: sql`excluded.id` } })
    .returning({
      id: customers.id,
      profile: customers.profile,
      profileAsOf: customers.profileAsOf,
      erasedAt: customers.erasedAt,
      recorded: sql<boolean>`exists (select 1 from ${events} where ${events.customerId} = ${customers.id} and (${events.customerId}, ${events.eventId}) in (${recordedAlready}))`,
      ...factsBeforeColumns(customers.id),
    });
  const rowOf = new Map(claimed.map((row) => [row.id, row]));

  const results: (Recorded | undefined)[] = [];
  const redelivered: number[] = [];
  const writes: EventWrites[] = [];
  for (const [index, { event, receivedAt }] of batch.entries()) {
    const stored = rowOf.get(event.customerId);
    if (!stored) throw new Error(`the customer row of "${event.customerId}" was not returned`);
    if (stored.erasedAt) results[index] = { error: new CustomerErasedError(event.customerId) };
    else if (stored.recorded) redelivered.push(index);
    else writes.push(await writesOf(tx, digest, rules, index, { event, receivedAt }, stored));
  }

  if (isNonEmpty(writes)) {
    const written = await writeAll(tx, digest, writes);
    if (written.events !== writes.length) throw new RecordedMeanwhile();
    if (written.facts !== writes.length) throw new FactsChangedMeanwhile();
    const decisions = writes.flatMap((write) => (write.consent ? [write.consent] : []));
    if (isNonEmpty(decisions)) {
      await tx
        .insert(consents)
        .values([...decisions])
        .onConflictDoUpdate({
          target: [consents.customerId, consents.channel],
          set: { allowed: sql`excluded.allowed`, reason: sql`excluded.reason`, eventId: sql`excluded.event_id`, occurredAt: sql`excluded.occurred_at` },
          setWhere: and(lte(consents.occurredAt, sql`excluded.occurred_at`), notInArray(consents.reason, LASTING_REFUSALS)),
        });
    }
    for (const write of writes) {
      const { facts: reading } = write;
      results[write.index] = { outcome: { recorded: true, facts: reading.values.facts, ...(reading.change && { lifecycle: reading.change }) } };
    }
  }
  for (const index of redelivered) {
    const { event } = batch[index] as EventToRecord;
    results[index] = { outcome: { recorded: false, ...(await lifecycleChangeCausedBy(tx, event.customerId, event.eventId)) } };
  }
  return results.map((result) => result ?? { error: new Error('an event of the batch was left without an outcome') });
}

/** What a new event writes, from its customer's row as step 1 claimed it. */
async function writesOf(
  tx: StoreDatabase,
  digest: IdentityDigest,
  rules: LifecycleRules,
  index: number,
  { event, receivedAt }: EventToRecord,
  stored: Parameters<typeof factsBefore>[0] & { profile: Record<string, unknown>; profileAsOf: Record<string, number> },
): Promise<EventWrites> {
  const { customerId, eventId } = event;
  const occurredAt = event.occurredAt ? new Date(event.occurredAt) : receivedAt;
  const write: EventWrites = {
    index,
    event: { customerId, eventId, type: event.type, occurredAt, receivedAt, customer: event.customer, data: event.data },
    identities: [],
    facts: await factsAfterEvent(tx, { ...event, occurredAt }, factsBefore(stored), rules, receivedAt),
  };
  if (event.customer && Object.keys(event.customer).length > 0) {
    const merged = mergeProfile(stored, event.customer, occurredAt.getTime());
    write.profile = { id: customerId, ...merged, updatedAt: receivedAt };
    write.identities = identitiesOf(merged.profile).map((identity) => ({ customerId, ...identity }));
  }
  const outcome = messageOutcomeOf(event, occurredAt);
  if (outcome) write.outcome = ledgerRow(outcome);
  const decision = consentDecision(event);
  if (decision) write.consent = { customerId, ...decision, reason: event.type, eventId, occurredAt };
  return write;
}

/** Step 2: one statement of data-modifying CTEs for all the new events; answers how many events and facts rows it wrote. */
async function writeAll(tx: StoreDatabase, digest: IdentityDigest, writes: readonly [EventWrites, ...EventWrites[]]): Promise<{ events: number; facts: number }> {
  const done = { done: sql<number>`0` };
  const recorded = tx.$with('event').as(
    tx
      .insert(events)
      .values(writes.map((write) => write.event))
      .onConflictDoNothing()
      .returning(done),
  );
  const ctes = [];
  const profiles = writes.flatMap((write) => (write.profile ? [write.profile] : []));
  if (isNonEmpty(profiles)) ctes.push(tx.$with('profile').as(saveProfiles(tx, profiles).returning(done)));
  const identities = writes.flatMap((write) => write.identities);
  if (isNonEmpty(identities)) ctes.push(tx.$with('identities').as(upsertIdentities(tx, identities).returning(done)));
  const given = writes.flatMap(({ identities: found, event }): IdentityGiven[] => found.map((identity) => ({ ...identity, eventId: event.eventId, occurredAt: event.occurredAt })));
  if (isNonEmpty(given)) ctes.push(tx.$with('refusals').as(refuseReturningIdentities(tx, digest, given).returning(done)));
  const outcomes = writes.flatMap((write) => (write.outcome ? [write.outcome] : []));
  if (isNonEmpty(outcomes)) ctes.push(tx.$with('outcome').as(tx.insert(ledger).values([...outcomes]).onConflictDoNothing().returning(done)));
  const factsWritten = factsWrites(
    tx,
    writes.map((write) => write.facts) as [FactsReading, ...FactsReading[]],
  );
  const facts = tx.$with('facts').as(factsWritten.facts.returning(done));
  if (factsWritten.change) ctes.push(tx.$with('lifecycle').as(factsWritten.change.returning(done)));
  const inserted = await tx
    .with(recorded, facts, ...ctes)
    .select({ facts: sql<number>`(select count(*) from ${facts})`.mapWith(Number) })
    .from(recorded);
  return { events: inserted.length, facts: inserted[0]?.facts ?? 0 };
}
