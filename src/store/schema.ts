import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgSequence, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

/**
 * The customer store's one schema, for PGlite and PostgreSQL alike. Change it here, then
 * `npx drizzle-kit generate --name <what-changed>` writes the next versioned migration to
 * src/store/migrations/ (commit both); `peygir migrate` and every start apply them.
 */

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Orders a customer's events and ledger entries together (the timeline's tie-breaker and cursor). */
export const timelineSeq = pgSequence('timeline_seq');
const timelinePosition = () => bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('timeline_seq')`);

/**
 * One row per customer: the profile, each field with the `occurredAt` (epoch ms) of the event that set it.
 * `customers_by_profile_field` finds the customers holding a field (a date trigger's rollout).
 */
export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    profile: jsonb('profile').$type<Record<string, unknown>>().notNull().default({}),
    profileAsOf: jsonb('profile_as_of').$type<Record<string, number>>().notNull().default({}),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    /** Set by `DELETE /v1/customers/:id` (src/store/erasure.ts): the profile is empty and new events are refused. */
    erasedAt: at('erased_at'),
  },
  (table) => [index('customers_by_profile_field').using('gin', table.profile)],
);

/** How to reach a customer: their email (lower-cased) and phone (E.164), findable by value. */
export const identities = pgTable(
  'identities',
  {
    customerId: text('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'email' | 'phone'>().notNull(),
    value: text('value').notNull(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.kind] }), index('identities_by_value').on(table.kind, table.value)],
);

/**
 * Consent and suppression per channel (`all` = every channel): allowed or not, and the event that
 * decided it. The latest event by `occurredAt` wins, whatever order they arrive in.
 */
export const consents = pgTable(
  'consents',
  {
    customerId: text('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<'all' | 'email' | 'sms' | 'call'>().notNull(),
    allowed: boolean('allowed').notNull(),
    /** The event type that decided it: unsubscribed, subscribed, email_bounced. */
    reason: text('reason').notNull(),
    eventId: text('event_id').notNull(),
    occurredAt: at('occurred_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.channel] })],
);

/** Every accepted event, once: a redelivered `eventId` is recognised forever, not within a window. */
export const events = pgTable(
  'events',
  {
    customerId: text('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    seq: timelinePosition(),
    type: text('type').notNull(),
    occurredAt: at('occurred_at').notNull(),
    receivedAt: at('received_at').notNull().defaultNow(),
    customer: jsonb('customer').$type<Record<string, unknown>>(),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (table) => [
    primaryKey({ columns: [table.customerId, table.eventId] }),
    index('events_timeline').on(table.customerId, table.occurredAt, table.seq),
    // A customer's last event of some types (when a silence began).
    index('events_by_type').on(table.customerId, table.type, table.occurredAt),
  ],
);

/**
 * Append-only history written by activities: message attempts and outcomes, enrollments, call tasks.
 * Unique by its natural key (subject, kind, occurrence), so a retried activity writes nothing twice.
 */
export const ledger = pgTable(
  'ledger',
  {
    seq: timelinePosition().primaryKey(),
    customerId: text('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
    sequenceId: text('sequence_id'),
    /** What the entry is about: a message key, an enrollment's workflow ID, a call task ID. */
    subject: text('subject').notNull(),
    kind: text('kind').notNull(),
    /** Tells apart entries of one kind about one subject (attempt number, step id, note id); '' when there is one. */
    occurrence: text('occurrence').notNull().default(''),
    occurredAt: at('occurred_at').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    unique('ledger_natural_key').on(table.subject, table.kind, table.occurrence),
    index('ledger_timeline').on(table.customerId, table.occurredAt, table.seq),
    index('ledger_by_sequence').on(table.sequenceId, table.occurredAt),
  ],
);

/**
 * Emails and phones of erased customers, kept only as HMAC-SHA256 digests keyed with the installation
 * secret (src/security/identityDigest.ts): no one can read them back, but an event or a send carrying
 * the same address is recognised and suppressed. Not linked to any customer.
 */
export const suppressedIdentities = pgTable(
  'suppressed_identities',
  {
    kind: text('kind').$type<'email' | 'phone'>().notNull(),
    digest: text('digest').notNull(),
    suppressedAt: at('suppressed_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.kind, table.digest] })],
);
