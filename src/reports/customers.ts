import { and, eq, gte, inArray, lt, min } from 'drizzle-orm';
import { events } from '../store/schema.js';
import { hasChurnedIn, isActiveAt, isNewIn, isReturningIn, PURCHASE, purchasesNeededFrom, type PurchaseHistory } from './customerDefinitions.js';
import { periodSpan } from './periods.js';
import type { Report } from './report.js';
import { percent, round } from './stats.js';

/**
 * The articles' customer numbers per period, from purchase events (definitions in customerDefinitions.ts):
 * churn = churned / customers at start × 100; retention = (customers at end − new customers) /
 * customers at start × 100; returning = buyers who had bought before / buyers × 100; average revenue
 * per customer = revenue / buyers; lifetime value = average revenue per customer × (100 / churn %),
 * the revenue of a customer over the periods they are expected to stay, set against the acquisition cost.
 */
export const customersReport: Report = {
  name: 'customers',
  summary: 'Churn, retention, returning customers, average revenue per customer and lifetime value against the acquisition cost',
  columns: [
    'period', 'customers_start', 'customers_end', 'new_customers', 'churned', 'churn_pct', 'retention_pct',
    'buyers', 'returning_pct', 'revenue', 'revenue_per_customer', 'lifetime_value', 'acquisition_cost', 'ltv_to_cac',
  ],
  async run(db, query) {
    const span = periodSpan(query);
    if (!span) return [];
    const purchasedInRange = and(eq(events.type, PURCHASE.event), gte(events.occurredAt, purchasesNeededFrom(span.start, query.activeDays)), lt(events.occurredAt, span.end));
    const purchases = await db.select({ customerId: events.customerId, occurredAt: events.occurredAt, data: events.data }).from(events).where(purchasedInRange);
    // Their first purchase ever (before the range too); the customers named by a subquery, not a list of parameters.
    const buyersInRange = db.selectDistinct({ customerId: events.customerId }).from(events).where(purchasedInRange);
    const firsts = await db
      .select({ customerId: events.customerId, firstPurchase: min(events.occurredAt) })
      .from(events)
      .where(and(eq(events.type, PURCHASE.event), inArray(events.customerId, buyersInRange)))
      .groupBy(events.customerId);
    const byCustomer = new Map<string, Date[]>();
    for (const purchase of purchases) byCustomer.set(purchase.customerId, [...(byCustomer.get(purchase.customerId) ?? []), purchase.occurredAt]);
    const customers: PurchaseHistory[] = firsts.map(({ customerId, firstPurchase }) => ({ purchases: byCustomer.get(customerId) ?? [], firstPurchase: firstPurchase ?? new Date(0) }));
    const cost = query.acquisitionCost ?? null;
    return span.periods.map(({ label, start, end }) => {
      const atStart = customers.filter((customer) => isActiveAt(customer, start, query.activeDays)).length;
      const atEnd = customers.filter((customer) => isActiveAt(customer, end, query.activeDays)).length;
      const fresh = customers.filter((customer) => isNewIn(customer, start, end)).length;
      const churned = customers.filter((customer) => hasChurnedIn(customer, start, end, query.activeDays)).length;
      const inPeriod = purchases.filter((purchase) => purchase.occurredAt >= start && purchase.occurredAt < end);
      const buyers = new Set(inPeriod.map((purchase) => purchase.customerId)).size;
      const revenue = inPeriod.reduce((sum, purchase) => sum + amountOf(purchase.data), 0);
      const churnPct = percent(churned, atStart);
      const perCustomer = buyers === 0 ? null : round(revenue / buyers);
      const lifetimeValue = perCustomer === null || !churnPct ? null : round(perCustomer * (100 / churnPct));
      return {
        period: label,
        customers_start: atStart,
        customers_end: atEnd,
        new_customers: fresh,
        churned,
        churn_pct: churnPct,
        retention_pct: percent(atEnd - fresh, atStart),
        buyers,
        returning_pct: percent(customers.filter((customer) => isReturningIn(customer, start, end)).length, buyers),
        revenue: round(revenue),
        revenue_per_customer: perCustomer,
        lifetime_value: lifetimeValue,
        acquisition_cost: cost,
        ltv_to_cac: lifetimeValue === null || !cost ? null : round(lifetimeValue / cost),
      };
    });
  },
};

function amountOf(data: Record<string, unknown> | null): number {
  const amount = data?.[PURCHASE.revenueField];
  return typeof amount === 'number' && Number.isFinite(amount) ? amount : 0;
}
