import { describe, expect } from 'vitest';
import { reportQuery } from '../../src/reports/query.js';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

describe.each(storeBackends())('the customers report (churn, retention, returning, revenue, lifetime value), on $name', (backend) => {
  const t = useStore(backend, async (store) => {
    const purchase = (customer: string, day: string, amount?: number) =>
      store.recordEvent({ eventId: `${customer}-${day}`, type: 'purchase', customerId: customer, occurredAt: `2026-${day}T12:00:00Z`, ...(amount !== undefined && { data: { amount } }) });
    // November 2026 (UTC), active = a purchase in the 30 days before the instant.
    // At the start (1 Nov): a purchase in [2 Oct, 1 Nov). At the end (1 Dec): a purchase in [1 Nov, 1 Dec).
    await purchase('c1', '09-01');
    await purchase('c1', '10-10', 100);
    await purchase('c1', '11-05', 200); // at start and end; bought before: returning
    await purchase('c2', '10-20', 50); // at start, not at end: churned
    await purchase('c3', '10-25');
    await purchase('c3', '11-20', 300); // at start and end; returning
    await purchase('c4', '11-10', 400); // first purchase in November: new, at end
    await purchase('c5', '08-01');
    await purchase('c5', '11-15', 100); // back after a pause: not at start, at end, not new, returning
    await purchase('c6', '10-05'); // at start (5 Oct ≥ 2 Oct), churned
    await purchase('c7', '09-10'); // neither
    await store.recordEvent({ eventId: 'signup', type: 'signed_up', customerId: 'c8', occurredAt: '2026-11-03T12:00:00Z' }); // no purchase: no customer
  });
  const { test } = t;

  test('every number of one month, by hand', async () => {
    const query = reportQuery({ from: '2026-11-01', to: '2026-12-01', period: 'month', timeZone: 'UTC', activeDays: '30', acquisitionCost: '200' }, new Date());
    const { rows } = await t.store.report('customers', query);
    expect(rows).toEqual([
      {
        period: '2026-11-01',
        customers_start: 4, // c1, c2, c3, c6
        customers_end: 4, // c1, c3, c4, c5
        new_customers: 1, // c4
        churned: 2, // c2, c6
        churn_pct: 50, // 2 / 4 × 100
        retention_pct: 75, // (4 − 1) / 4 × 100
        buyers: 4, // c1, c3, c4, c5
        returning_pct: 75, // c1, c3, c5: 3 / 4 × 100
        revenue: 1000, // 200 + 300 + 400 + 100
        revenue_per_customer: 250, // 1000 / 4
        lifetime_value: 500, // 250 × (100 / 50): two months expected
        acquisition_cost: 200,
        ltv_to_cac: 2.5, // 500 / 200
      },
    ]);
  });

  test('with 90 active days (the default) and no acquisition cost: nobody churned, so no lifetime value', async () => {
    const query = reportQuery({ from: '2026-11-01', to: '2026-12-01', period: 'month', timeZone: 'UTC' }, new Date());
    const [row] = (await t.store.report('customers', query)).rows;
    // Start: a purchase in [3 Aug, 1 Nov): c1, c2, c3, c6, c7 = 5 (c5's 1 Aug is too old).
    // End: a purchase in [2 Sep, 1 Dec): c1, c2, c3, c4, c5, c6, c7 = 7. Churned: none. Retention (7 − 1) / 5 × 100 = 120.
    expect(row).toMatchObject({ customers_start: 5, customers_end: 7, new_customers: 1, churned: 0, churn_pct: 0, retention_pct: 120, lifetime_value: null, acquisition_cost: null, ltv_to_cac: null });
  });
});
