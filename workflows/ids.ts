/** Deterministic workflow IDs that say what they are. */
export const contactWorkflowId = (customerId: string): string => `contact/${customerId}`;

export const enrollmentWorkflowId = (sequenceId: string, customerId: string, triggerEventId: string): string =>
  `enrollment/${sequenceId}/${customerId}/${triggerEventId}`;

/** One call task per enrollment step: `call-task/<customer>/<sequence>/<trigger event>/<step>`. */
export const callTaskWorkflowId = (customerId: string, enrollmentWorkflowId: string, stepId: string): string =>
  `call-task/${customerId}/${enrollmentWorkflowId.split('/').slice(1).filter((part) => part !== customerId).join('/')}/${stepId}`;
