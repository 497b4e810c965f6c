import type { CustomerFacts } from '../../workflows/facts.js';
import type { LifecycleRules } from '../lifecycle/rules.js';

const PURCHASE = 'purchase';
const DEFAULT_CURRENCY = 'toman';

const later = (a: string | undefined, b: string): string => (a === undefined || Date.parse(b) > Date.parse(a) ? b : a);
const earlier = (a: string | undefined, b: string): string => (a === undefined || Date.parse(b) < Date.parse(a) ? b : a);

/**
 * The facts after one more recorded event (pure; the store calls it in the transaction that records
 * the event, once per event). Events may arrive out of order: first and last go by `occurredAt`.
 */
export function addEventToFacts(facts: CustomerFacts, event: { type: string; occurredAt: Date; data?: Record<string, unknown> | undefined }, rules: LifecycleRules): CustomerFacts {
  const when = event.occurredAt.toISOString();
  const seen = facts.events[event.type];
  const isLatestOfType = seen === undefined || Date.parse(when) >= Date.parse(seen.last);
  const next: CustomerFacts = {
    ...facts,
    events: { ...facts.events, [event.type]: { count: (seen?.count ?? 0) + 1, first: earlier(seen?.first, when), last: later(seen?.last, when) } },
  };
  if (!rules.not_activity.includes(event.type)) {
    next.lastActivityAt = later(facts.lastActivityAt, when);
    next.firstActivityAt = earlier(facts.firstActivityAt, when);
  }
  if (event.type === PURCHASE) {
    next.orders = facts.orders + 1;
    const amount = event.data?.amount;
    if (typeof amount === 'number' && Number.isFinite(amount)) {
      const currency = typeof event.data?.currency === 'string' && event.data.currency.trim() ? event.data.currency.trim() : DEFAULT_CURRENCY;
      next.revenueByCurrency = { ...facts.revenueByCurrency, [currency]: (facts.revenueByCurrency[currency] ?? 0) + amount };
    }
    const product = event.data?.product;
    if (isLatestOfType && typeof product === 'string' && product) next.lastProduct = product;
  }
  if (rules.cancel_events.includes(event.type) && isLatestOfType) {
    const reason = rules.reason_fields.map((field) => event.data?.[field]).find((value) => typeof value === 'string' && value.trim());
    if (typeof reason === 'string') next.cancelReason = reason;
    else delete next.cancelReason;
  }
  return next;
}
