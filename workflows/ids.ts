/** Deterministic workflow IDs that say what they are. */
export const contactWorkflowId = (customerId: string): string => `contact/${customerId}`;

export const enrollmentWorkflowId = (sequenceId: string, customerId: string, triggerEventId: string): string =>
  `enrollment/${sequenceId}/${customerId}/${triggerEventId}`;
