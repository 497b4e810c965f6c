import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** The shipped thresholds; LIFECYCLE_FILE names an installation's own. */
export const SHIPPED_LIFECYCLE_FILE = fileURLToPath(new URL('../../data/lifecycle.yaml', import.meta.url));

const days = z.number().int().min(1).max(3650);
const eventType = z.string().regex(/^[a-z][a-z0-9_]*$/, 'an event type in snake_case');

/** data/lifecycle.yaml: the thresholds of each stage (README "Lifecycle and churn"). */
export const lifecycleRulesSchema = z
  .strictObject({
    new_for_days: days,
    at_risk_after_days: days,
    churned_after_days: days,
    won_back_for_days: days,
    payment_grace_days: z.number().int().min(0).max(365),
    cancel_events: z.array(eventType),
    reason_fields: z.array(z.string().min(1)),
    not_activity: z.array(eventType),
  })
  .refine((rules) => rules.churned_after_days > rules.at_risk_after_days, {
    message: 'churned_after_days must be more than at_risk_after_days',
    path: ['churned_after_days'],
  });

export type LifecycleRules = z.infer<typeof lifecycleRulesSchema>;

export { CHURN_TYPES, LIFECYCLE_EVENT, LIFECYCLE_STAGES, type ChurnType, type LifecycleStage } from '../../workflows/lifecycleStages.js';
export const PAYMENT_FAILED = 'payment_failed';
export const PAYMENT_SUCCEEDED = 'payment_succeeded';

/** The rules in `file` (the shipped ones without it). Throws naming the file, the key and what is wrong. */
export function loadLifecycleRules(file: string = SHIPPED_LIFECYCLE_FILE): LifecycleRules {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`LIFECYCLE_FILE ${file}: cannot be read (${(error as Error).message})`);
  }
  const parsed = lifecycleRulesSchema.safeParse(parse(text) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`LIFECYCLE_FILE ${file}: ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'not valid'}`);
  }
  return parsed.data;
}
