import { describe, expect } from 'vitest';
import { reportQuery } from '../../src/reports/query.js';
import { storeBackends } from '../support/storeBackends.js';
import { useStore } from '../support/useStore.js';

const DAY = 86_400_000;

describe.each(storeBackends())('the lifecycle report (customers per stage, stage changes), on $name', (backend) => {
  const now = new Date();
  const later = (days: number) => new Date(now.getTime() + days * DAY);
  const t = useStore(backend, async (store) => {
    for (const customerId of ['a', 'b', 'c']) await store.recordEvent({ eventId: 'signup', type: 'signup', customerId }, now);
    await store.advanceLifecycles(later(31), 100); // all three at_risk
    await store.recordEvent({ eventId: 'login', type: 'login', customerId: 'a', occurredAt: later(40).toISOString() }, later(40)); // a: active again
    await store.advanceLifecycles(later(61), 100); // b, c churned (passive)
  });
  const { test } = t;

  test('counts the stages at each period end and the changes in each period', async () => {
    const day = (date: Date) => date.toISOString().slice(0, 10);
    const query = reportQuery({ from: day(later(-1)), to: day(later(100)), period: 'month', timeZone: 'UTC' }, now);
    const { columns, rows } = await t.store.report('lifecycle', query);
    expect(columns.slice(0, 6)).toEqual(['period', 'new', 'active', 'at_risk', 'churned', 'won_back']);
    const total = (column: string) => rows.reduce((sum, row) => sum + Number(row[column]), 0);
    expect({ changes: total('changes'), atRisk: total('became_at_risk'), churned: total('became_churned'), passive: total('churned_passive'), wonBack: total('became_won_back') })
      .toEqual({ changes: 6, atRisk: 3, churned: 2, passive: 2, wonBack: 0 });
    expect(rows.at(-1)).toMatchObject({ new: 0, active: 1, at_risk: 0, churned: 2, won_back: 0 });
    expect(rows[0]).toMatchObject({ new: 3 });
  });
});
