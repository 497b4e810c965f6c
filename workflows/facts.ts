/**
 * Customer facts: what the store keeps per customer from the events it records (src/store/facts.ts),
 * and how conditions and templates see them under `customer.facts.*`. Pure, so the workflows, the
 * validator's samples and the API read them one way; `days_since_last_activity` is computed when read
 * (workflow time in workflows), in Asia/Tehran calendar days.
 */

/** One event type: how many, the first and the last (ISO instants, by `occurredAt`). */
export interface EventTypeFacts {
  count: number;
  first: string;
  last: string;
}

/** As stored: the view adds what is derived. */
export interface CustomerFacts {
  events: Record<string, EventTypeFacts>;
  /** `purchase` events. */
  orders: number;
  /** Sum of `purchase` data.amount, per data.currency (`toman` when absent). */
  revenueByCurrency: Record<string, number>;
  /** data.product of the latest `purchase` that named one. */
  lastProduct?: string;
  /** The latest event that was the customer's own doing (lifecycle.yaml `not_activity` lists the others). */
  lastActivityAt?: string;
  /** The first such event. */
  firstActivityAt?: string;
  /** The reason the latest cancellation gave (lifecycle.yaml `reason_fields`): churn is then competitive. Not shown. */
  cancelReason?: string;
}

/**
 * `customer.facts.*` as conditions and templates read them. A fact not known yet is null (never missing:
 * templates are strict); `events.<type>` exists once the customer had such an event.
 */
export interface FactsView {
  events: Record<string, EventTypeFacts>;
  orders: number;
  /** The total when every purchase was in one currency (0 before any), which `currency` names; null when mixed. */
  revenue: number | null;
  currency: string | null;
  revenue_by_currency: Record<string, number>;
  last_product: string | null;
  last_activity_at: string | null;
  first_activity_at: string | null;
  days_since_last_activity: number | null;
}

/** The paths under `customer.facts.` a sequence may use (`events.<type>.count|first|last` besides). */
export const FACT_FIELDS = ['orders', 'revenue', 'currency', 'revenue_by_currency', 'last_product', 'last_activity_at', 'first_activity_at', 'days_since_last_activity', 'events'] as const;
export const EVENT_FACT_FIELDS = ['count', 'first', 'last'] as const;

export const noFacts = (): CustomerFacts => ({ events: {}, orders: 0, revenueByCurrency: {} });

const DAY_MS = 86_400_000;
/** Asia/Tehran is UTC+03:30 all year since Iran ended daylight saving in 2022 (older instants may be an hour off). */
const TEHRAN_OFFSET_MS = 3.5 * 3_600_000;

/** The Asia/Tehran calendar day `instant` falls on, as a day count (no Intl: workflows call it). */
export const tehranDay = (instant: number): number => Math.floor((instant + TEHRAN_OFFSET_MS) / DAY_MS);

/** The instant Asia/Tehran day `day` (a `tehranDay` count) begins. */
export const tehranDayStart = (day: number): number => day * DAY_MS - TEHRAN_OFFSET_MS;

/** Whole calendar days in Asia/Tehran from `from` to `to` (yesterday evening to this morning is 1). */
export function tehranDaysBetween(from: Date, to: Date): number {
  return tehranDay(to.getTime()) - tehranDay(from.getTime());
}

export function viewFacts(facts: CustomerFacts | undefined, now: Date): FactsView {
  const stored = facts ?? noFacts();
  const currencies = Object.entries(stored.revenueByCurrency);
  const [only] = currencies;
  return {
    events: stored.events,
    orders: stored.orders,
    revenue: currencies.length === 0 ? 0 : currencies.length === 1 && only ? only[1] : null,
    currency: currencies.length === 1 && only ? only[0] : null,
    revenue_by_currency: stored.revenueByCurrency,
    last_product: stored.lastProduct ?? null,
    last_activity_at: stored.lastActivityAt ?? null,
    first_activity_at: stored.firstActivityAt ?? null,
    days_since_last_activity: stored.lastActivityAt === undefined ? null : tehranDaysBetween(new Date(stored.lastActivityAt), now),
  };
}

/** The customer as conditions and templates see them: the profile, with `facts` (never a profile field of that name). */
export function customerWithFacts(profile: Record<string, unknown>, facts: CustomerFacts | undefined, now: Date): Record<string, unknown> {
  return { ...profile, facts: viewFacts(facts, now) };
}
