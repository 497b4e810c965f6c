import { and, eq, sql } from 'drizzle-orm';
import type { IdentityDigest, IdentityKind } from '../security/identityDigest.js';
import type { ConsentChannel } from '../../workflows/consent.js';
import type { StoreDatabase } from './database.js';
import { identitiesOf } from './profile.js';
import { consents, customerFacts, customers, events, identities, ledger, suppressedIdentities } from './schema.js';

/**
 * Erasure (`DELETE /v1/customers/:id`), the store's side: what is removed, what is kept and why is in
 * the README ("Export and erasure"). Temporal's side (cancelling runs) is src/api/customerRuns.ts.
 */

/** A new event for an erased customer ID: refused (`409 customer_erased`), nothing recorded. */
export class CustomerErasedError extends Error {
  override name = 'CustomerErasedError';
  constructor(readonly customerId: string) {
    super(`customer "${customerId}" was erased; events for this customer ID are refused`);
  }
}

/** Consent reasons no later `subscribed` overrides: the customer was erased, or an erased person's address came back. */
export const ERASED = 'erased';
export const SUPPRESSED_IDENTITY = 'suppressed_identity';
export const LASTING_REFUSALS = [ERASED, SUPPRESSED_IDENTITY];

/** The channels an identity reaches. */
const CHANNELS_OF: Record<IdentityKind, ConsentChannel[]> = { email: ['email'], phone: ['sms', 'call'] };

/** What one erasure did (a second erasure of the same customer finds nothing left and says so). */
export interface ErasureReport {
  customerId: string;
  erasedAt: Date;
  /** Erased before this request: nothing personal was left. */
  alreadyErased: boolean;
  /** Events whose `customer` and `data` were cleared. */
  eventsCleared: number;
  /** Ledger entries whose details held a personal value or free text. */
  ledgerEntriesScrubbed: number;
  identitiesRemoved: number;
  /** Emails and phones (current and earlier ones) kept as keyed digests, so they are never contacted again. */
  identitiesSuppressed: { email: number; phone: number };
}

/** The marker put where a personal value or free text was. */
export const ERASED_VALUE = '[erased]';

/**
 * Removes what is personal and keeps the bare facts: the profile emptied, identities deleted, the customer
 * facts' last product and cancellation reason removed (counts and times kept, the lifecycle clock stops), every
 * event's `customer` and `data` cleared (type, eventId and times stay: a redelivered event is still
 * recognised), every ledger entry's details scrubbed (`scrubDetails`), consent decisions kept and
 * "erased" added for every channel, and each email and phone ever seen kept as a keyed digest.
 * All or nothing, in one transaction; running it again changes nothing.
 */
export async function eraseCustomer(db: StoreDatabase, digest: IdentityDigest, customerId: string, now: Date): Promise<ErasureReport> {
  return db.transaction(async (tx) => {
    await tx.insert(customers).values({ id: customerId }).onConflictDoNothing();
    const [stored] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
    const eventRows = await tx.select({ customer: events.customer, data: events.data }).from(events).where(eq(events.customerId, customerId));
    const identityRows = await tx.select({ kind: identities.kind, value: identities.value }).from(identities).where(eq(identities.customerId, customerId));

    const profiles = [stored?.profile ?? {}, ...eventRows.flatMap((row) => (row.customer ? [row.customer] : []))];
    const seen = [...identityRows, ...profiles.flatMap((profile) => identitiesOf(profile))];
    const digests = [...new Map(seen.map((identity) => [`${identity.kind}.${identity.value}`, { kind: identity.kind, digest: digest(identity) }])).values()];
    if (digests.length > 0) await tx.insert(suppressedIdentities).values(digests).onConflictDoNothing();

    const personal = personalValues([...profiles, ...identityRows.map((identity) => identity.value)]);
    let ledgerEntriesScrubbed = 0;
    for (const entry of await tx.select({ seq: ledger.seq, details: ledger.details }).from(ledger).where(eq(ledger.customerId, customerId))) {
      const scrubbed = scrubDetails(entry.details, personal);
      if (JSON.stringify(scrubbed) === JSON.stringify(entry.details)) continue;
      await tx.update(ledger).set({ details: scrubbed }).where(eq(ledger.seq, entry.seq));
      ledgerEntriesScrubbed += 1;
    }

    const cleared = eventRows.filter((row) => row.customer !== null || row.data !== null).length;
    if (cleared > 0) await tx.update(events).set({ customer: null, data: null }).where(eq(events.customerId, customerId));
    if (identityRows.length > 0) await tx.delete(identities).where(eq(identities.customerId, customerId));
    // Counts and times stay (like the events' types and times); what a person named or bought goes.
    const [factsRow] = await tx.select({ facts: customerFacts.facts }).from(customerFacts).where(eq(customerFacts.customerId, customerId));
    if (factsRow) {
      const kept = { ...factsRow.facts };
      delete kept.lastProduct;
      delete kept.cancelReason;
      await tx.update(customerFacts).set({ facts: kept, stageDueAt: null }).where(eq(customerFacts.customerId, customerId));
    }
    const erasedAt = stored?.erasedAt ?? now;
    await tx.update(customers).set({ profile: {}, profileAsOf: {}, erasedAt, updatedAt: now }).where(eq(customers.id, customerId));
    const refusal = { allowed: false, reason: ERASED, eventId: 'erasure', occurredAt: erasedAt };
    await tx
      .insert(consents)
      .values({ customerId, channel: 'all', ...refusal })
      .onConflictDoUpdate({ target: [consents.customerId, consents.channel], set: refusal });

    return {
      customerId,
      erasedAt,
      alreadyErased: Boolean(stored?.erasedAt),
      eventsCleared: cleared,
      ledgerEntriesScrubbed,
      identitiesRemoved: identityRows.length,
      identitiesSuppressed: { email: digests.filter((d) => d.kind === 'email').length, phone: digests.filter((d) => d.kind === 'phone').length },
    };
  });
}

/** Whether an email or phone (as sent: normalised here) belongs to an erased customer. */
export async function isSuppressedIdentity(db: StoreDatabase, digest: IdentityDigest, kind: IdentityKind, address: string): Promise<boolean> {
  const [identity] = identitiesOf({ [kind]: address }).filter((found) => found.kind === kind);
  if (!identity) return false;
  const found = await db
    .select({ kind: suppressedIdentities.kind })
    .from(suppressedIdentities)
    .where(and(eq(suppressedIdentities.kind, kind), eq(suppressedIdentities.digest, digest(identity))));
  return found.length > 0;
}

/** An identity a customer's event gave, with the event that gave it: what `refuseReturningIdentities` checks. */
export type IdentityGiven = { customerId: string; kind: IdentityKind; value: string; eventId: string; occurredAt: Date };

/**
 * At intake: a customer whose email or phone belongs to an erased person gets that channel refused
 * (reason `suppressed_identity`, which no later `subscribed` lifts), whatever customer ID it came with.
 * Answers the statement (one INSERT … SELECT for all the identities given), for the caller to run or to join to its own.
 */
export function refuseReturningIdentities(tx: StoreDatabase, digest: IdentityDigest, given: readonly [IdentityGiven, ...IdentityGiven[]]) {
  const wanted = given.flatMap((identity) =>
    CHANNELS_OF[identity.kind].map(
      (channel) =>
        sql`(cast(${identity.customerId} as text), ${identity.kind}, ${digest(identity)}, ${channel}, ${identity.eventId}, cast(${identity.occurredAt.toISOString()} as timestamptz))`,
    ),
  );
  return tx
    .insert(consents)
    .select(
      sql`select wanted.customer_id, wanted.channel, false, ${SUPPRESSED_IDENTITY}, wanted.event_id, wanted.occurred_at
        from (values ${sql.join(wanted, sql`, `)}) as wanted (customer_id, kind, digest, channel, event_id, occurred_at)
        join ${suppressedIdentities} on ${suppressedIdentities.kind} = wanted.kind and ${suppressedIdentities.digest} = wanted.digest`,
    )
    .onConflictDoUpdate({
      target: [consents.customerId, consents.channel],
      set: { allowed: false, reason: SUPPRESSED_IDENTITY, eventId: sql`excluded.event_id`, occurredAt: sql`excluded.occurred_at` },
    });
}

/** Every string in the profiles and identities (3 characters or more), lower-cased, to find in ledger details. */
function personalValues(sources: unknown[]): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.trim().length >= 3) found.add(value.trim().toLowerCase());
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  sources.forEach(walk);
  return [...found];
}

/** Prose (spaces), an address (`@`) or a long run of digits (a phone written plainly): may be personal whoever wrote it. */
const FREE_TEXT = /\s|@|\d{7}/;

/**
 * Ledger details without anything personal, whatever kind of entry: numbers, booleans and code-like
 * strings (a reason code, a step id, a message key) stay; a string holding one of the customer's values,
 * or free text that might (a call note, a provider's message quoting the address), becomes `[erased]`.
 */
export function scrubDetails(details: Record<string, unknown>, personal: readonly string[]): Record<string, unknown> {
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const lower = value.toLowerCase();
      return FREE_TEXT.test(value) || personal.some((known) => lower.includes(known)) ? ERASED_VALUE : value;
    }
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, scrub(inner)]));
    return value;
  };
  return scrub(details) as Record<string, unknown>;
}
