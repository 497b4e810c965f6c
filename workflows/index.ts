export { callTaskWorkflow } from './callTask.js';
export { contactWorkflow, newContactState, type ContactState } from './contact.js';
export { enrollmentWorkflow } from './enrollment/enrollment.js';
export { smsDeliveryWorkflow } from './smsDelivery.js';
export * from './protocol.js';
export { rolloutWorkflow } from './rollout.js';
