export { contactStateQuery, contactWorkflow, customerEventSignal, newContactState, type ContactState } from './contact.js';
export { enrollmentWorkflow } from './enrollment.js';
