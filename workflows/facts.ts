import { DEFAULT_TIMEZONE, toLocal } from '../src/schedule/zone.js';

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

/** `customer.facts.*` as conditions and templates read them. */
export interface FactsView {
  events: Record<string, EventTypeFacts>;
  orders: number;
  /** The total when every purchase was in one currency (then `currency` names it); absent when mixed. */
  revenue?: number;
  currency?: string;
  revenue_by_currency: Record<string, number>;
  last_product?: string;
  last_activity_at?: string;
  first_activity_at?: string;
  days_since_last_activity?: number;
}

/** The paths under `customer.facts.` a sequence may use (`events.<type>.count|first|last` besides). */
export const FACT_FIELDS = ['orders', 'revenue', 'currency', 'revenue_by_currency', 'last_product', 'last_activity_at', 'first_activity_at', 'days_since_last_activity', 'events'] as const;
export const EVENT_FACT_FIELDS = ['count', 'first', 'last'] as const;

export const noFacts = (): CustomerFacts => ({ events: {}, orders: 0, revenueByCurrency: {} });

const DAY_MS = 86_400_000;

/** Whole calendar days in Asia/Tehran from `from` to `to` (yesterday evening to this morning is 1). */
export function tehranDaysBetween(from: Date, to: Date): number {
  const day = (instant: Date): number => {
    const local = toLocal(instant, DEFAULT_TIMEZONE);
    return Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
  };
  return day(to) - day(from);
}

export function viewFacts(facts: CustomerFacts | undefined, now: Date): FactsView {
  const stored = facts ?? noFacts();
  const currencies = Object.entries(stored.revenueByCurrency);
  const [only] = currencies;
  return {
    events: stored.events,
    orders: stored.orders,
    ...(currencies.length === 1 && only ? { revenue: only[1], currency: only[0] } : currencies.length === 0 ? { revenue: 0 } : {}),
    revenue_by_currency: stored.revenueByCurrency,
    ...(stored.lastProduct !== undefined && { last_product: stored.lastProduct }),
    ...(stored.lastActivityAt !== undefined && {
      last_activity_at: stored.lastActivityAt,
      days_since_last_activity: tehranDaysBetween(new Date(stored.lastActivityAt), now),
    }),
    ...(stored.firstActivityAt !== undefined && { first_activity_at: stored.firstActivityAt }),
  };
}

/** The customer as conditions and templates see them: the profile, with `facts` (never a profile field of that name). */
export function customerWithFacts(profile: Record<string, unknown>, facts: CustomerFacts | undefined, now: Date): Record<string, unknown> {
  return { ...profile, facts: viewFacts(facts, now) };
}
