import { and, eq, lt } from 'drizzle-orm';
import { customerFacts, customers, events } from '../store/schema.js';
import { CHURN_TYPES, LIFECYCLE_EVENT, LIFECYCLE_STAGES, type LifecycleStage } from '../../workflows/lifecycleStages.js';
import { periodsOf } from './periods.js';
import type { Report, ReportRow } from './report.js';

interface Change {
  at: Date;
  stage: LifecycleStage;
  previous: LifecycleStage;
  churnType: string | null;
}

/**
 * Lifecycle stages per period (README "Lifecycle and churn"): how many customers stood in each stage at the
 * period's end, and the stage changes in it (into at_risk, churned by type, won_back). From the store's
 * `lifecycle_changed` events and each customer's current stage: before their first change a customer
 * stood in that change's previous stage, and a customer who never changed in their current one.
 */
export const lifecycleReport: Report = {
  name: 'lifecycle',
  summary: 'Customers per lifecycle stage at each period end, and the stage changes in it (churn by type)',
  columns: [
    'period', ...LIFECYCLE_STAGES, 'changes', 'became_at_risk', 'became_churned', ...CHURN_TYPES.map((type) => `churned_${type}`), 'became_won_back',
  ],
  async run(db, query) {
    const periods = periodsOf(query);
    const last = periods.at(-1);
    if (!last) return [];
    const rows = await db
      .select({ customerId: events.customerId, occurredAt: events.occurredAt, data: events.data })
      .from(events)
      .where(and(eq(events.type, LIFECYCLE_EVENT), lt(events.occurredAt, last.end)))
      .orderBy(events.occurredAt, events.seq);
    const changesOf = new Map<string, Change[]>();
    for (const row of rows) {
      const change = { at: row.occurredAt, stage: row.data?.stage as LifecycleStage, previous: row.data?.previous_stage as LifecycleStage, churnType: (row.data?.churn_type as string | null) ?? null };
      changesOf.set(row.customerId, [...(changesOf.get(row.customerId) ?? []), change]);
    }
    const known = await db
      .select({ customerId: customerFacts.customerId, stage: customerFacts.stage, createdAt: customers.createdAt })
      .from(customerFacts)
      .innerJoin(customers, eq(customers.id, customerFacts.customerId))
      .where(lt(customers.createdAt, last.end));
    const stageAt = (customer: (typeof known)[number], instant: Date): LifecycleStage | undefined => {
      if (customer.createdAt >= instant) return undefined;
      const changes = changesOf.get(customer.customerId) ?? [];
      const before = changes.filter((change) => change.at < instant).at(-1);
      return before?.stage ?? changes[0]?.previous ?? customer.stage;
    };
    const allChanges = [...changesOf.values()].flat();
    return periods.map(({ label, start, end }): ReportRow => {
      const counts = Object.fromEntries(LIFECYCLE_STAGES.map((stage) => [stage, 0])) as Record<LifecycleStage, number>;
      for (const customer of known) {
        const stage = stageAt(customer, end);
        if (stage) counts[stage] += 1;
      }
      const inPeriod = allChanges.filter((change) => change.at >= start && change.at < end);
      const into = (stage: LifecycleStage) => inPeriod.filter((change) => change.stage === stage);
      return {
        period: label,
        ...counts,
        changes: inPeriod.length,
        became_at_risk: into('at_risk').length,
        became_churned: into('churned').length,
        ...Object.fromEntries(CHURN_TYPES.map((type) => [`churned_${type}`, into('churned').filter((change) => change.churnType === type).length])),
        became_won_back: into('won_back').length,
      };
    });
  },
};
