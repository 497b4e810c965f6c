import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Peygir's Prometheus metrics, in a registry of their own (no global singletons): `npm start` makes one
 * and hands it to the API, the activities and the workflow sinks; each test stack makes its own.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'peygir_' });
  const registers = [registry];
  return {
    registry,
    /** Events that reached the API, by type (documented types and sequence triggers; `custom` for the rest) and outcome. */
    eventsIngested: new Counter({
      name: 'peygir_events_ingested_total',
      help: 'Customer events received by the API, by type and outcome (accepted, invalid, unavailable)',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    /** API latency by route pattern (never the raw URL: IDs would explode the label set). */
    httpRequestDuration: new Histogram({
      name: 'peygir_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    /** Messages handed to a channel, by channel (email, sms, call, webhook) and result (sent, failed, skipped …). */
    sends: new Counter({
      name: 'peygir_sends_total',
      help: 'Messages sent by channel and result',
      labelNames: ['channel', 'result'] as const,
      registers,
    }),
    // Enrollments, fed by the workflows through a sink (src/metrics/workflowSinks.ts): each counts once per
    // real transition, on the worker that ran it. A run ended by `temporal workflow terminate` never counts as exited.
    enrollmentsStarted: new Counter({
      name: 'peygir_enrollments_started_total',
      help: 'Enrollments started (a customer entered a sequence), by sequence',
      labelNames: ['sequence'] as const,
      registers,
    }),
    enrollmentsExited: new Counter({
      name: 'peygir_enrollments_exited_total',
      help:
        'Enrollments that ended, by sequence and reason: completed (ran to the last step), converted (goal reached), ' +
        'unsubscribed, exit_on (another exit_on event), exit_step (an exit step), cancelled, failed. Started minus exited is running',
      labelNames: ['sequence', 'reason'] as const,
      registers,
    }),
    enrollmentsNotStarted: new Counter({
      name: 'peygir_enrollments_not_started_total',
      help:
        'Enrollments the contact could not start although their trigger matched, by sequence and reason: id_taken (another run holds ' +
        'the workflow ID), id_too_long (over Temporal\'s workflow ID limit). Each is also on the customer (GET /v1/customers/:id, notStarted)',
      labelNames: ['sequence', 'reason'] as const,
      registers,
    }),
    enrollmentsConverted: new Counter({
      name: 'peygir_enrollments_converted_total',
      help: 'Enrollments that reached their goal event, by sequence',
      labelNames: ['sequence'] as const,
      registers,
    }),
    /** The funnel: how many runs reached each step (nested steps too, e.g. `1.case1.1`). */
    stepsReached: new Counter({
      name: 'peygir_steps_reached_total',
      help: 'Enrollment runs that reached a step, by sequence and step id (the funnel is the ratio between steps)',
      labelNames: ['sequence', 'step'] as const,
      registers,
    }),
    /** Steps that failed for a reason ops must fix (a template that cannot render, say): the run waits for retry_step. */
    stepsFailed: new Counter({
      name: 'peygir_steps_failed_total',
      help: 'Steps that failed and left their run in status failed until ops signal retry_step or cancel_enrollment, by sequence and step id',
      labelNames: ['sequence', 'step'] as const,
      registers,
    }),
    /** Experiments: how many runs got each arm of a split, and how they ended (conversion per arm is reason="converted"). */
    splitAssignments: new Counter({
      name: 'peygir_split_assignments_total',
      help: 'Runs that reached a split step, by sequence, step id and the arm they got (a variant, or holdout)',
      labelNames: ['sequence', 'step', 'variant'] as const,
      registers,
    }),
    splitEndings: new Counter({
      name: 'peygir_split_endings_total',
      help:
        'Runs that got an arm of a split and then ended, by sequence, step id, arm and reason (as peygir_enrollments_exited_total): ' +
        'converted over peygir_split_assignments_total is the arm\'s conversion rate',
      labelNames: ['sequence', 'step', 'variant', 'reason'] as const,
      registers,
    }),
    timeToReact: new Histogram({
      name: 'peygir_time_to_react_seconds',
      help:
        'Seconds from the event a run reacted to (the trigger, or the latest event a wait_for/escalate matched) until its call task ' +
        'was created (not yet open: business hours may delay that). From the event\'s occurredAt; without one, from when the run ' +
        'received it. Workflow time; a negative value (the source\'s clock ahead) counts as 0',
      labelNames: ['sequence'] as const,
      buckets: [1, 5, 15, 60, 300, 900, 1_800, 3_600, 14_400, 86_400, 259_200],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
