export { callTaskWorkflow } from './callTask.js';
export { contactWorkflow, newContactState, type ContactState } from './contact.js';
export { contactStateQuery, customerEventSignal } from './contactSignals.js';
export { enrollmentWorkflow } from './enrollment/enrollment.js';
export { smsDeliveryWorkflow } from './smsDelivery.js';
export { cancelSignal, enrollmentEventSignal, retryStepSignal, skipWaitSignal, stateQuery, timelineQuery } from './enrollment/signals.js';
