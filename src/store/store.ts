import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { CustomerEvent } from '../events/customerEvent.js';
import { identityDigest, type IdentityKind } from '../security/identityDigest.js';
import { openDatabase, type StoreDatabase, type StoreLocation } from './database.js';
import { eraseCustomer, isSuppressedIdentity, scrubDetails, type ErasureReport } from './erasure.js';
import { exportCustomer, type CustomerExport } from './export.js';
import { openRuns, type OpenRuns } from './openRuns.js';
import { runReport, type ReportQuery, type ReportResult } from '../reports/index.js';
import { ledgerRow, type LedgerEntry, type LedgerKind } from './ledger.js';
import { recordEvents } from './recordEvent.js';
import { intakeBatches } from './intakeBatches.js';
import { consentFromDecisions } from '../../workflows/consent.js';
import type { Consent } from '../../workflows/enrollment/state.js';
import { moveContactIntoStore, type ContactCustomer } from './contactState.js';
import { consents, customers, events, identities, ledger } from './schema.js';
import { advanceDueLifecycles, customersInStage, factsAndStage, type RecordedFacts } from './lifecycle.js';
import { loadLifecycleRules, type ChurnType, type LifecycleRules, type LifecycleStage } from '../lifecycle/rules.js';
import type { LifecycleState } from '../lifecycle/stage.js';
import type { CustomerFacts } from '../../workflows/facts.js';
import { customersToWatch, lastActivity } from './watchedCustomers.js';
import { decodeCursor, encodeCursor, type TimelineItem, type TimelinePage } from './timeline.js';

export interface StoredCustomer {
  id: string;
  profile: Record<string, unknown>;
  profileAsOf: Record<string, number>;
  consent: Consent & { decisions: { channel: string; allowed: boolean; reason: string; eventId: string; occurredAt: Date }[] };
  identities: { kind: 'email' | 'phone'; value: string }[];
  createdAt: Date;
  updatedAt: Date;
  /** When the customer was erased (profile emptied, new events refused); null otherwise. */
  erasedAt: Date | null;
  /** Kept from their events (workflows/facts.ts); absent until the first event after facts existed. */
  facts?: CustomerFacts;
  lifecycle?: LifecycleState;
}

export interface Store {
  /**
   * Records an accepted event once (by customer + eventId) with its profile merge, consent, facts and
   * lifecycle stage, all or nothing; answers the facts after it and the stage change it caused (again for
   * a redelivered event), which the contact gets with the event.
   */
  recordEvent(event: CustomerEvent, receivedAt?: Date): Promise<{ recorded: boolean } & Partial<RecordedFacts>>;
  /** Customers in a lifecycle stage (and churn type), by customer ID, paginated by `after`. */
  customersInStage(query: { stage: LifecycleStage; churnType?: ChurnType | undefined; limit: number; after?: string | undefined }): ReturnType<typeof customersInStage>;
  /** The lifecycle clock: stage changes time alone made by `now`, kept in the store, answered for delivery. */
  advanceLifecycles(now: Date, limit: number): ReturnType<typeof advanceDueLifecycles>;
  getCustomer(customerId: string): Promise<StoredCustomer | undefined>;
  /** Moves what a contact workflow carried into the store (never over newer values) and answers the stored customer. */
  moveContactIntoStore(customerId: string, carried: ContactCustomer): Promise<ContactCustomer>;
  /** Appends a fact to the ledger; `appended: false` when it was already there (a retried activity). */
  appendLedger(entry: LedgerEntry): Promise<{ appended: boolean }>;
  /** Everything held about the customer: profile, identities, consent, every event and ledger entry. */
  exportCustomer(customerId: string): Promise<CustomerExport | undefined>;
  /** Empties the profile, clears events' payloads, scrubs the ledger and keeps the emails and phones as keyed digests (src/store/erasure.ts). */
  eraseCustomer(customerId: string, now?: Date): Promise<ErasureReport>;
  /** Whether this email or phone belongs to an erased customer (asked right before every send). */
  isSuppressedIdentity(kind: IdentityKind, address: string): Promise<boolean>;
  /** Events and ledger entries, newest first, `limit` per page; pass `next` back as `before` for the page after. */
  customerTimeline(customerId: string, page: { limit: number; before?: string | undefined }): Promise<TimelinePage>;
  /** A report over the events and the ledger (src/reports/): its rows, by `name` (`REPORT_NAMES`). */
  report(name: string, query: ReportQuery): Promise<ReportResult>;
  /** When the customer last did one of `types`, else when first seen (src/store/watchedCustomers.ts). */
  lastActivity(customerId: string, types: string[], now?: Date): Promise<Date>;
  /** A page of customer IDs a silence / date rollout reaches, in ID order after `after`. */
  customersToWatch(page: { field?: string | undefined; after?: string | undefined; limit: number }): Promise<string[]>;
  /** The enrollments running now, per sequence, version and the step they are at (src/store/openRuns.ts). */
  openRuns(sequenceId?: string): Promise<OpenRuns[]>;
  /** Resolves when the store answers a trivial query within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /** e.g. "PostgreSQL db:5432/peygir", for logs and /readyz. */
  description: string;
  close(): Promise<void>;
}

/** The store did not answer (down, unreachable, its database gone). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** The driver's own words: Drizzle wraps them as "Failed query: …" with the driver's error as the cause. */
export function rootMessage(error: unknown): string {
  let root = error;
  while (root instanceof Error && root.cause instanceof Error) root = root.cause;
  return root instanceof Error ? root.message : String(root);
}

/**
 * Opens the store (PostgreSQL with `databaseUrl`, else PGlite in `dataDir`, in memory without either) and applies pending migrations.
 * `secret` (PEYGIR_SECRET) keys the digests of erased customers' emails and phones: every process that takes events or sends
 * passes the same one; without it (tests, `peygir migrate`) a random key lasts as long as this store object.
 */
export async function createStore(location: StoreLocation, options: { secret?: string; lifecycle?: LifecycleRules } = {}): Promise<Store> {
  const rules = options.lifecycle ?? loadLifecycleRules();
  const database = await openDatabase(location);
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  const { db } = database;
  const digest = identityDigest(options.secret ?? randomBytes(32).toString('hex'));
  const record = intakeBatches((batch) => recordEvents(db, digest, rules, batch));
  return {
    recordEvent: (event, receivedAt = new Date()) => record({ event, receivedAt }),
    getCustomer: (customerId) => getCustomer(db, customerId),
    customersInStage: (query) => customersInStage(db, query),
    advanceLifecycles: (now, limit) => advanceDueLifecycles(db, rules, now, limit),
    moveContactIntoStore: (customerId, carried) => moveContactIntoStore(db, customerId, carried),
    appendLedger: (entry) => appendLedger(db, entry),
    exportCustomer: async (customerId) => {
      const customer = await getCustomer(db, customerId);
      return customer && exportCustomer(db, customer);
    },
    eraseCustomer: (customerId, now = new Date()) => eraseCustomer(db, digest, customerId, now),
    isSuppressedIdentity: (kind, address) => isSuppressedIdentity(db, digest, kind, address),
    customerTimeline: (customerId, page) => customerTimeline(db, customerId, page),
    report: (name, query) => runReport(db, name, query),
    lastActivity: (customerId, types, now = new Date()) => lastActivity(db, customerId, types, now),
    customersToWatch: (page) => customersToWatch(db, page),
    openRuns: (sequenceId) => openRuns(db, sequenceId),
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      await Promise.race([db.execute(sql`select 1`), timeout])
        .catch((error: unknown) => {
          throw new StoreUnavailableError(rootMessage(error), { cause: error });
        })
        .finally(() => clearTimeout(timer));
    },
    description: database.description,
    close: database.close,
  };
}

async function getCustomer(db: StoreDatabase, customerId: string): Promise<StoredCustomer | undefined> {
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!customer) return undefined;
  const decisions = await db
    .select({ channel: consents.channel, allowed: consents.allowed, reason: consents.reason, eventId: consents.eventId, occurredAt: consents.occurredAt })
    .from(consents)
    .where(eq(consents.customerId, customerId))
    .orderBy(consents.channel);
  const found = await db.select({ kind: identities.kind, value: identities.value }).from(identities).where(eq(identities.customerId, customerId)).orderBy(identities.kind);
  return { ...customer, consent: { ...consentFromDecisions(decisions), decisions }, identities: found, ...(await factsAndStage(db, customerId)) };
}

async function appendLedger(db: StoreDatabase, entry: LedgerEntry): Promise<{ appended: boolean }> {
  await db.insert(customers).values({ id: entry.customerId }).onConflictDoNothing();
  // A run still ending after its customer was erased: its fact is kept, its details scrubbed like the rest.
  const [customer] = await db.select({ erasedAt: customers.erasedAt }).from(customers).where(eq(customers.id, entry.customerId));
  const inserted = await db
    .insert(ledger)
    .values(ledgerRow(entry, customer?.erasedAt ? scrubDetails(entry.details ?? {}, []) : entry.details))
    .onConflictDoNothing()
    .returning({ seq: ledger.seq });
  return { appended: inserted.length > 0 };
}

async function customerTimeline(db: StoreDatabase, customerId: string, page: { limit: number; before?: string | undefined }): Promise<TimelinePage> {
  const before = page.before === undefined ? undefined : decodeCursor(page.before);
  // A row comparison, so the timeline index (customer_id, occurred_at, seq) starts the scan at the cursor: a deep page costs what the first does.
  const earlierThan = (table: typeof events | typeof ledger) =>
    before ? sql`(${table.occurredAt}, ${table.seq}) < (${before.occurredAt.toISOString()}::timestamptz, ${before.seq})` : undefined;
  const eventRows = await db
    .select()
    .from(events)
    .where(and(eq(events.customerId, customerId), earlierThan(events)))
    .orderBy(desc(events.occurredAt), desc(events.seq))
    .limit(page.limit + 1);
  const ledgerRows = await db
    .select()
    .from(ledger)
    .where(and(eq(ledger.customerId, customerId), earlierThan(ledger)))
    .orderBy(desc(ledger.occurredAt), desc(ledger.seq))
    .limit(page.limit + 1);
  const items: TimelineItem[] = [
    ...eventRows.map((row) => ({ source: 'event' as const, seq: row.seq, occurredAt: row.occurredAt, type: row.type, eventId: row.eventId, data: row.data ?? {} })),
    ...ledgerRows.map((row) => ({
      source: 'ledger' as const,
      seq: row.seq,
      occurredAt: row.occurredAt,
      type: row.kind as LedgerKind,
      subject: row.subject,
      occurrence: row.occurrence,
      sequenceId: row.sequenceId,
      data: row.details,
    })),
  ].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.seq - a.seq);
  const shown = items.slice(0, page.limit);
  const last = shown.at(-1);
  return { items: shown, ...(items.length > page.limit && last && { next: encodeCursor(last) }) };
}
