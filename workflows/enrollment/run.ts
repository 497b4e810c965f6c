import { CancellationScope, condition, patched, setCurrentDetails, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Condition, Step } from '../../src/dsl/definition.js';
import type { CustomerEvent, CustomerProfile } from '../../src/events/customerEvent.js';
import type { LedgerKind } from '../../src/store/ledger.js';
import { evaluate, type ConditionScope } from '../conditions.js';
import type { CustomerFacts } from '../facts.js';
import { WorkflowLedger } from '../ledger.js';
import { scopeWithFacts } from '../lifecycleTriggers.js';
import { patches } from '../patches.js';
import { enrollmentMetrics } from '../metricsSink.js';
import { statusKey, stepKey } from '../searchAttributes.js';
import type { EnrollmentInput, EnrollmentState, EnrollmentStatus, ReceivedEvent, TimelineEntry } from './state.js';

const INBOX_KEPT = 100;

/**
 * Everything one enrollment knows while it runs: the pinned input, what happened so far, the events
 * it has received, and the ops requests (skip a wait, retry a step) that are pending.
 */
export class EnrollmentRun {
  readonly timeline: TimelineEntry[] = [];
  /** Sends held for their slot (outcome `held`, the detail says why and until when), answered beside the timeline. */
  readonly holds: TimelineEntry[] = [];
  readonly inbox: ReceivedEvent[] = [];
  readonly state: EnrollmentState;
  customer: CustomerProfile;
  /** The customer's facts (`customer.facts.*` in conditions), from the start and each forwarded event. */
  facts: CustomerFacts | undefined;
  /** The event that matters now for templates and conditions: the trigger, then each matched event. */
  event: CustomerEvent;
  /** Events received before this instant belong to earlier steps (moved on by each send). */
  listeningSince: number;
  /** Send permits from the contact (frequency caps), by request ID: not before this instant. */
  readonly permits: Map<string, number>;
  /** Call tasks this run created (workflow IDs), cancelled when the customer leaves or refuses calls. */
  callTasks: string[] = [];
  /** Facts for the customer's ledger (started, steps, skipped messages, ended), written by the run's activities. */
  readonly ledger = new WorkflowLedger(patched(patches.enrollmentLedger));
  skipRequested = false;
  retryRequested = false;
  nextStep?: { id: string; label: string; at?: string };

  constructor(readonly input: EnrollmentInput) {
    this.customer = { ...input.customer };
    this.facts = input.facts;
    this.event = input.trigger;
    this.listeningSince = Date.now();
    this.permits = new Map(Object.entries(input.permits ?? {}));
    this.state = {
      sequenceId: input.sequence.id,
      version: input.sequence.version,
      customerId: input.customerId,
      status: 'running',
      startedAt: new Date(Date.now()).toISOString(),
    };
    this.noteFact('enrollment.started', { version: input.sequence.version, trigger: { type: input.trigger.type, eventId: input.trigger.eventId } });
  }

  /** Notes a fact about this run (`subject` its workflow ID) or one of its messages (`subject` the message key) for the ledger. */
  noteFact(kind: LedgerKind, details: Record<string, unknown>, about: { subject?: string; occurrence?: string } = {}): void {
    const { customerId, sequence } = this.input;
    this.ledger.note(kind, { customerId, sequenceId: sequence.id, subject: about.subject ?? workflowInfo().workflowId, details, ...(about.occurrence ? { occurrence: about.occurrence } : {}) });
  }

  get scope(): ConditionScope {
    return scopeWithFacts(this.customer, this.facts, this.event, this.input.trigger);
  }

  get timeZone(): string {
    return this.customer.timezone ?? 'Asia/Tehran';
  }

  /** The customer's `best_contact_time` profile field (e.g. `evening`, `18:00-21:00`), when set. */
  get bestContactTime(): string | undefined {
    return typeof this.customer.best_contact_time === 'string' ? this.customer.best_contact_time : undefined;
  }

  /** Changes the status, except once the run has ended (exited/converted/completed are final). */
  setStatus(status: EnrollmentStatus): void {
    if (this.state.status === status || ['exited', 'converted', 'completed'].includes(this.state.status)) return;
    this.state.status = status;
    upsertSearchAttributes([{ key: statusKey, value: status }]);
  }

  enterStep(step: Step): void {
    this.state.currentStep = { id: step.id, label: step.label };
    upsertSearchAttributes([{ key: stepKey, value: step.id }]);
    setCurrentDetails(`step ${step.id}: ${step.label}`);
    enrollmentMetrics.stepReached(this.input.sequence.id, step.id);
    this.noteFact('enrollment.step', { label: step.label, kind: step.kind }, { occurrence: step.id });
  }

  /** When `event` happened: its occurredAt, else when this run received it (its start, for the trigger). */
  get eventAt(): number {
    if (this.event.occurredAt) return Date.parse(this.event.occurredAt);
    return this.inbox.find((received) => received.event.eventId === this.event.eventId)?.receivedAt ?? Date.parse(this.state.startedAt);
  }

  record(step: Step, outcome: TimelineEntry['outcome'], detail?: string): void {
    const entry = { stepId: step.id, label: step.label, outcome, at: new Date(Date.now()).toISOString(), ...(detail ? { detail } : {}) };
    (outcome === 'held' ? this.holds : this.timeline).push(entry);
  }

  receive(event: CustomerEvent): boolean {
    if (this.inbox.some((received) => received.event.eventId === event.eventId)) return false;
    this.inbox.push({ event, receivedAt: Date.now() });
    if (this.inbox.length > INBOX_KEPT) this.inbox.shift();
    if (event.customer) this.customer = { ...this.customer, ...event.customer };
    if (event.facts) this.facts = event.facts;
    return true;
  }

  /** The first event received since `since` that one of the expected events (type + condition) accepts. */
  findEvent<T extends { event: string; where?: Condition }>(
    expected: T[],
    since: number,
  ): { received: ReceivedEvent; match: T } | undefined {
    for (const received of this.inbox) {
      if (received.receivedAt < since) continue;
      const match = expected.find(
        (candidate) =>
          candidate.event === received.event.type &&
          (!candidate.where || evaluate(candidate.where, { ...this.scope, event: received.event })),
      );
      if (match) return { received, match };
    }
    return undefined;
  }

  /**
   * Sleeps until `wakeAt` (epoch ms) with a timer summary for the UI, unless `until` becomes true or ops
   * signal skip_wait first. Returns what ended the wait.
   */
  async waitUntil(wakeAt: number, summary: string, waitingFor: string, until: () => boolean = () => false): Promise<'elapsed' | 'condition' | 'skipped'> {
    this.state.waitingFor = waitingFor;
    this.state.wakeAt = new Date(wakeAt).toISOString();
    this.setStatus('waiting');
    setCurrentDetails(`waiting for ${waitingFor}`);
    const scope = new CancellationScope();
    try {
      return await scope.run(() =>
        Promise.race([
          sleep(Math.max(wakeAt - Date.now(), 1), { summary }).then(() => 'elapsed' as const),
          condition(() => until() || this.skipRequested).then(() => (until() ? ('condition' as const) : ('skipped' as const))),
        ]),
      );
    } finally {
      scope.cancel();
      this.skipRequested = false;
      delete this.state.waitingFor;
      delete this.state.wakeAt;
      this.setStatus('running');
    }
  }
}
