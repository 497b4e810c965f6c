import { and, lte, notInArray, sql } from 'drizzle-orm';
import type { CustomerEvent } from '../events/customerEvent.js';
import type { IdentityDigest } from '../security/identityDigest.js';
import { mergeProfile } from '../../workflows/profile.js';
import { consentDecision } from '../../workflows/consent.js';
import type { StoreDatabase } from './database.js';
import { CustomerErasedError, LASTING_REFUSALS, refuseReturningIdentities } from './erasure.js';
import { ledgerRow } from './ledger.js';
import { messageOutcomeOf } from './messageOutcome.js';
import { identitiesOf, isNonEmpty, updateProfile, upsertIdentities } from './profile.js';
import { consents, customers, events, ledger } from './schema.js';
import { factsAfterEvent, factsBefore, factsBeforeColumns, factsWrites, lifecycleChangeCausedBy, type RecordedFacts } from './lifecycle.js';
import type { LifecycleRules } from '../lifecycle/rules.js';

/** Records an event in a transaction of its own (see `recordEventIn`). */
export async function recordEvent(db: StoreDatabase, digest: IdentityDigest, rules: LifecycleRules, event: CustomerEvent, receivedAt: Date): Promise<RecordOutcome> {
  return db.transaction((tx) => recordEventIn(tx, digest, rules, event, receivedAt)).catch(async (error: unknown) => {
    if (error instanceof RecordedMeanwhile) return { recorded: false, ...(await lifecycleChangeCausedBy(db, event.customerId, event.eventId)) };
    throw error;
  });
}

/** Whether the event is new, with the customer's facts and the stage change it caused (also when it was recorded before). */
export type RecordOutcome = { recorded: boolean } & Partial<RecordedFacts>;

/**
 * The same event was recorded by another transaction that held the customer's row while step 1 waited
 * (step 1's check reads from before the wait): what step 2 wrote is rolled back with the transaction.
 */
export class RecordedMeanwhile extends Error {
  override name = 'RecordedMeanwhile';
}

/**
 * Records an accepted event once (by customer + eventId) with its profile merge, identities, consent and
 * message outcome, all or nothing, inside the caller's transaction (`tx`), in as few statements as the
 * work allows (each is a round trip to PostgreSQL, or four trips through PGlite's wire protocol):
 *   1. claim the customer's row (created if new, locked either way: every writer of the customer's facts
 *      locks it first), answering its profile, whether it was erased, whether this event is recorded
 *      already, and the customer's facts and stage;
 *   2. everything the event writes, at once, as data-modifying CTEs: the event (nothing else if it is
 *      there already: RecordedMeanwhile), the merged profile, the identities, refusals for addresses of
 *      erased people, the message outcome, the facts with the event added and the stage read now, and
 *      the stage change it caused as a `lifecycle_changed` event;
 *   3. only for consent events (unsubscribed, subscribed, a bounce): the decision, after the refusals
 *      of step 2 it must not override.
 * A customer recorded before facts existed has them rebuilt from all their events (one more read, once).
 */
export async function recordEventIn(tx: StoreDatabase, digest: IdentityDigest, rules: LifecycleRules, event: CustomerEvent, receivedAt: Date): Promise<RecordOutcome> {
  const { customerId, eventId } = event;
  const occurredAt = event.occurredAt ? new Date(event.occurredAt) : receivedAt;
  const [stored] = await tx
    .insert(customers)
    .values({ id: customerId })
    .onConflictDoUpdate({ target: customers.id, set: { id: sql`excluded.id` } })
    .returning({
      profile: customers.profile,
      profileAsOf: customers.profileAsOf,
      erasedAt: customers.erasedAt,
      recorded: sql<boolean>`exists (select 1 from ${events} where ${events.customerId} = ${customerId} and ${events.eventId} = ${eventId})`,
      ...factsBeforeColumns(customerId),
    });
  if (!stored) throw new Error(`the customer row of "${customerId}" was not returned`);
  if (stored.erasedAt) throw new CustomerErasedError(customerId);
  if (stored.recorded) return { recorded: false, ...(await lifecycleChangeCausedBy(tx, customerId, eventId)) };

  const done = { done: sql<number>`0` };
  const recorded = tx.$with('event').as(
    tx.insert(events).values({ customerId, eventId, type: event.type, occurredAt, receivedAt, customer: event.customer, data: event.data }).onConflictDoNothing().returning(done),
  );
  const writes = [];
  if (event.customer && Object.keys(event.customer).length > 0) {
    const merged = mergeProfile(stored, event.customer, occurredAt.getTime());
    writes.push(tx.$with('profile').as(updateProfile(tx, customerId, merged, receivedAt).returning(done)));
    const found = identitiesOf(merged.profile);
    if (isNonEmpty(found)) {
      writes.push(tx.$with('identities').as(upsertIdentities(tx, customerId, found).returning(done)));
      writes.push(tx.$with('refusals').as(refuseReturningIdentities(tx, digest, customerId, found, { eventId, occurredAt }).returning(done)));
    }
  }
  const outcome = messageOutcomeOf(event, occurredAt);
  if (outcome) writes.push(tx.$with('outcome').as(tx.insert(ledger).values(ledgerRow(outcome)).onConflictDoNothing().returning(done)));
  const reading = await factsAfterEvent(tx, { ...event, occurredAt }, factsBefore(stored), rules, receivedAt);
  const factsWritten = factsWrites(tx, reading);
  writes.push(tx.$with('facts').as(factsWritten.facts.returning(done)));
  if (factsWritten.change) writes.push(tx.$with('lifecycle').as(factsWritten.change.returning(done)));
  const inserted = await tx.with(recorded, ...writes).select(done).from(recorded);
  if (inserted.length === 0) throw new RecordedMeanwhile();

  const decision = consentDecision(event);
  if (decision) {
    const row = { ...decision, reason: event.type, eventId, occurredAt };
    await tx
      .insert(consents)
      .values({ customerId, ...row })
      .onConflictDoUpdate({ target: [consents.customerId, consents.channel], set: row, setWhere: and(lte(consents.occurredAt, occurredAt), notInArray(consents.reason, LASTING_REFUSALS)) });
  }
  return { recorded: true, facts: reading.values.facts, ...(reading.change && { lifecycle: reading.change }) };
}
