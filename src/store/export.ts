import { asc, eq } from 'drizzle-orm';
import type { StoreDatabase } from './database.js';
import { events, ledger } from './schema.js';
import type { StoredCustomer } from './store.js';

/** Everything the store holds about one customer (`GET /v1/customers/:id/export`). */
export interface CustomerExport {
  customer: StoredCustomer;
  /** Every accepted event, oldest first, as it was received (after an erasure: without `customer` and `data`). */
  events: { eventId: string; type: string; occurredAt: Date; receivedAt: Date; customer: Record<string, unknown> | null; data: Record<string, unknown> | null }[];
  /** Every ledger entry, oldest first: messages and outcomes, enrollments, call tasks. */
  ledger: { kind: string; subject: string; occurrence: string; sequenceId: string | null; occurredAt: Date; details: Record<string, unknown> }[];
}

/** The customer's events and ledger entries, whole, in the order they happened. */
export async function exportCustomer(db: StoreDatabase, customer: StoredCustomer): Promise<CustomerExport> {
  const eventRows = await db
    .select({ eventId: events.eventId, type: events.type, occurredAt: events.occurredAt, receivedAt: events.receivedAt, customer: events.customer, data: events.data })
    .from(events)
    .where(eq(events.customerId, customer.id))
    .orderBy(asc(events.occurredAt), asc(events.seq));
  const ledgerRows = await db
    .select({ kind: ledger.kind, subject: ledger.subject, occurrence: ledger.occurrence, sequenceId: ledger.sequenceId, occurredAt: ledger.occurredAt, details: ledger.details })
    .from(ledger)
    .where(eq(ledger.customerId, customer.id))
    .orderBy(asc(ledger.occurredAt), asc(ledger.seq));
  return { customer, events: eventRows, ledger: ledgerRows };
}
