/** Lifecycle stages and churn types (README "Lifecycle and churn"): pure, for the store, the language and the workflows. */
export const LIFECYCLE_STAGES = ['new', 'active', 'at_risk', 'churned', 'won_back'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const CHURN_TYPES = ['involuntary', 'voluntary', 'competitive', 'passive'] as const;
export type ChurnType = (typeof CHURN_TYPES)[number];

/** The event type a stage change is kept in the store as and delivered to the contact as; webhooks may not send it. */
export const LIFECYCLE_EVENT = 'lifecycle_changed';
