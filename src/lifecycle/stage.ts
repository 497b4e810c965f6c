import { tehranDay, tehranDayStart, tehranDaysBetween, type CustomerFacts } from '../../workflows/facts.js';
import { PAYMENT_FAILED, PAYMENT_SUCCEEDED, type ChurnType, type LifecycleRules, type LifecycleStage } from './rules.js';

/** Where a customer stands: the stage, the churn type when churned, and since when. */
export interface LifecycleState {
  stage: LifecycleStage;
  churnType: ChurnType | null;
  since: Date;
}

/** The stage `now`, and when time alone could change it next (null: only an event can). */
export interface LifecycleReading {
  stage: LifecycleStage;
  churnType: ChurnType | null;
  dueAt: Date | null;
}

const DAY_MS = 86_400_000;
const at = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

/** The instant `days` Asia/Tehran calendar days after the day `instant` falls on begins. */
const tehranDaysAfter = (instant: number, days: number): number => tehranDayStart(tehranDay(instant) + days);

/**
 * The customer's stage from their facts (README "Lifecycle and churn"), in this order:
 * churned voluntary / competitive: the latest event is a cancellation (`cancel_events`; competitive when it
 * gave a reason); churned involuntary: a `payment_failed` with no `payment_succeeded` after it for
 * `payment_grace_days`; churned passive / at_risk: that many days without activity; won_back: active
 * again after churning, for `won_back_for_days`; new: first activity at most `new_for_days` old; else active.
 */
export function readLifecycle(facts: CustomerFacts, current: LifecycleState | undefined, rules: LifecycleRules, now: Date): LifecycleReading {
  const due: number[] = [];
  const churned = (churnType: ChurnType): LifecycleReading => ({ stage: 'churned', churnType, dueAt: null });
  const reading = (stage: LifecycleStage): LifecycleReading => {
    const next = due.filter((instant) => instant > now.getTime());
    return { stage, churnType: null, dueAt: next.length > 0 ? new Date(Math.min(...next)) : null };
  };
  const lastActivity = at(facts.lastActivityAt);
  const cancels = rules.cancel_events.flatMap((type) => at(facts.events[type]?.last) ?? []);
  const cancelledAt = cancels.length > 0 ? Math.max(...cancels) : undefined;
  if (cancelledAt !== undefined && (lastActivity === undefined || cancelledAt >= lastActivity)) return churned(facts.cancelReason ? 'competitive' : 'voluntary');

  const failedAt = at(facts.events[PAYMENT_FAILED]?.last);
  const succeededAt = at(facts.events[PAYMENT_SUCCEEDED]?.last);
  if (failedAt !== undefined && (succeededAt === undefined || succeededAt < failedAt)) {
    const churnsAt = failedAt + rules.payment_grace_days * DAY_MS;
    if (churnsAt <= now.getTime()) return churned('involuntary');
    due.push(churnsAt);
  }

  if (lastActivity === undefined) return reading(current?.stage === 'churned' ? 'churned' : 'new');
  const idle = tehranDaysBetween(new Date(lastActivity), now);
  if (idle >= rules.churned_after_days) return churned('passive');
  due.push(tehranDaysAfter(lastActivity, rules.churned_after_days));
  if (idle >= rules.at_risk_after_days) return reading('at_risk');
  due.push(tehranDaysAfter(lastActivity, rules.at_risk_after_days));

  if (current?.stage === 'churned') {
    due.push(now.getTime() + rules.won_back_for_days * DAY_MS);
    return reading('won_back');
  }
  if (current?.stage === 'won_back' && now.getTime() < current.since.getTime() + rules.won_back_for_days * DAY_MS) {
    due.push(current.since.getTime() + rules.won_back_for_days * DAY_MS);
    return reading('won_back');
  }
  const firstActivity = at(facts.firstActivityAt) ?? lastActivity;
  if (tehranDaysBetween(new Date(firstActivity), now) < rules.new_for_days) {
    due.push(tehranDaysAfter(firstActivity, rules.new_for_days));
    return reading('new');
  }
  return reading('active');
}
