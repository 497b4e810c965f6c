/**
 * What "customer", "new", "active" and "churned" mean in the reports, in one place: the lifecycle
 * stages (another issue) replace these definitions here, and every report follows.
 */

/** A purchase is an event of this type; its revenue is `data.amount` (a number; anything else counts 0). */
export const PURCHASE = { event: 'purchase', revenueField: 'amount' } as const;

/** A customer is active while their latest purchase is less than this many days (× 24 h) old. */
export const DEFAULT_ACTIVE_DAYS = 90;

const DAY = 86_400_000;

export interface PurchaseHistory {
  /** Every purchase of the customer the report read, any order. */
  purchases: Date[];
  /** The customer's first purchase ever. */
  firstPurchase: Date;
}

/** Active at `instant`: a purchase in [instant − activeDays, instant). "Customers at the start/end" of a period are those active at its first/end instant. */
export const isActiveAt = (customer: PurchaseHistory, instant: Date, activeDays: number): boolean =>
  customer.purchases.some((purchase) => purchase < instant && purchase.getTime() >= instant.getTime() - activeDays * DAY);

/** New in [start, end): their first purchase ever falls in it. */
export const isNewIn = (customer: PurchaseHistory, start: Date, end: Date): boolean => customer.firstPurchase >= start && customer.firstPurchase < end;

/** Churned in [start, end): a customer at the start who is not one at the end. */
export const hasChurnedIn = (customer: PurchaseHistory, start: Date, end: Date, activeDays: number): boolean =>
  isActiveAt(customer, start, activeDays) && !isActiveAt(customer, end, activeDays);

/** Returning in [start, end): bought in it, and had bought before it. */
export const isReturningIn = (customer: PurchaseHistory, start: Date, end: Date): boolean =>
  customer.firstPurchase < start && customer.purchases.some((purchase) => purchase >= start && purchase < end);

/** How far back a report over periods starting at `start` must read purchases. */
export const purchasesNeededFrom = (start: Date, activeDays: number): Date => new Date(start.getTime() - activeDays * DAY);
