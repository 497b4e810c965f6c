import { and, asc, eq, gt, inArray, isNull, max, sql } from 'drizzle-orm';
import type { StoreDatabase } from './database.js';
import { customers, events } from './schema.js';

/**
 * When the customer last did one of `types` (the silence a trigger watches began then); a customer
 * who never did counts from when the store first saw them; an unknown one from `now`.
 */
export async function lastActivity(db: StoreDatabase, customerId: string, types: string[], now: Date): Promise<Date> {
  const [last] = await db
    .select({ at: max(events.occurredAt) })
    .from(events)
    .where(and(eq(events.customerId, customerId), inArray(events.type, types)));
  if (last?.at) return new Date(last.at);
  const [customer] = await db.select({ createdAt: customers.createdAt }).from(customers).where(eq(customers.id, customerId));
  return customer?.createdAt ?? now;
}

/**
 * One page of the customers a rollout reaches, by ID after `after`: for a date trigger those whose
 * profile holds the field (index `customers_by_profile_field`), for a silence every customer (each
 * needs its timer, the silent ones fire at once); never an erased one.
 */
export async function customersToWatch(db: StoreDatabase, page: { field?: string | undefined; after?: string | undefined; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(isNull(customers.erasedAt), page.after === undefined ? undefined : gt(customers.id, page.after), page.field === undefined ? undefined : sql`${customers.profile} ? ${page.field}`))
    .orderBy(asc(customers.id))
    .limit(page.limit);
  return rows.map((row) => row.id);
}
