import type { Channel, SequenceDefinition } from '../../src/dsl/definition.js';
import type { CustomerEvent, CustomerProfile } from '../../src/events/customerEvent.js';
import type { CustomerFacts } from '../facts.js';

/** How an enrollment stands; mirrored in the PeygirStatus search attribute. */
export type EnrollmentStatus = 'running' | 'waiting' | 'failed' | 'completed' | 'converted' | 'exited';

/** Where consent stands for this run (from the contact at start, then from forwarded events). */
export interface Consent {
  unsubscribed: boolean;
  /** Channels the customer opted out of, or that bounced permanently. */
  suppressed: Channel[];
}

export interface EnrollmentInput {
  /** The compiled definition, pinned for the whole run. */
  sequence: SequenceDefinition;
  customerId: string;
  customer: CustomerProfile;
  /** The customer's facts when the run started (then from each event the contact forwards). */
  facts?: CustomerFacts;
  consent: Consent;
  trigger: CustomerEvent;
  /** The contact workflow to report profile updates and the end of the run to. */
  contactWorkflowId: string;
  /** Send permits the contact granted with the start (the first step's), by request ID. */
  permits?: Record<string, number>;
}

export interface TimelineEntry {
  stepId: string;
  label: string;
  /** `held`: a send waits for its slot (quiet hours, a frequency cap, the best contact time); the detail says until when. */
  outcome: 'done' | 'skipped' | 'failed' | 'matched' | 'timed_out' | 'held';
  /** ISO instant (workflow time). */
  at: string;
  detail?: string;
}

/** What the `state` query answers: enough for ops and the API to say where a run is and why. */
export interface EnrollmentState {
  sequenceId: string;
  version: string;
  customerId: string;
  status: EnrollmentStatus;
  startedAt: string;
  currentStep?: { id: string; label: string };
  /** What the run waits for, in words, and until when. */
  waitingFor?: string;
  wakeAt?: string;
  exitReason?: string;
  endedAt?: string;
  /** The arm the run got at each `split` step it reached, by step id (a variant's name or `holdout`). */
  variants?: Record<string, string>;
}

/** An event delivered to this run, with the moment it arrived (workflow time). */
export interface ReceivedEvent {
  event: CustomerEvent;
  receivedAt: number;
}
