import type { FastifyBaseLogger } from 'fastify';
import { customerEventSchema, type CustomerEvent } from '../events/customerEvent.js';
import { eventDataProblems, isDocumentedEventType } from '../events/eventTypes.js';
import { limitProblem } from '../events/limits.js';
import { occurredAtProblem } from '../events/occurredAt.js';
import { normalizeProfile } from '../events/profile.js';
import { customerDateProblem } from '../events/customerDates.js';
import type { ApiDeps } from './app.js';
import { ApiError } from './errors.js';
import { ingestEvent } from './ingest.js';
import { zodProblems } from './schemas.js';

/** What became of one event of a batch (or of a manual enrollment). */
export type IntakeResult =
  | { index: number; eventId: string; status: 'accepted'; workflowId: string }
  | { index: number; eventId?: string; status: 'rejected' | 'unavailable'; error: { code: string; message: string; details?: unknown } };

type IntakeDeps = Pick<ApiDeps, 'client' | 'taskQueue' | 'sequences' | 'metrics' | 'store' | 'frequencyCaps'>;

/** The metric label for an event type: documented types and sequence triggers by name, anything else `custom`. */
function typeLabel(deps: IntakeDeps, type: string): string {
  return isDocumentedEventType(type) || deps.sequences.triggeredBy(type).length > 0 ? type : 'custom';
}

export function countInvalid(deps: IntakeDeps, type: unknown): void {
  deps.metrics.eventsIngested.inc({ type: typeof type === 'string' ? typeLabel(deps, type) : 'custom', outcome: 'invalid' });
}

/** ingestEvent, counted in `peygir_events_ingested_total`. */
export async function deliverEvent(deps: IntakeDeps, event: CustomerEvent, log: FastifyBaseLogger): Promise<{ workflowId: string }> {
  const type = typeLabel(deps, event.type);
  try {
    const accepted = await ingestEvent(deps, event, log);
    deps.metrics.eventsIngested.inc({ type, outcome: 'accepted' });
    return accepted;
  } catch (error) {
    deps.metrics.eventsIngested.inc({ type, outcome: 'unavailable' });
    throw error;
  }
}

const CONCURRENT_CUSTOMERS = 16;

/**
 * Checks and delivers many events. Events of one customer go in their order, one after the other (the
 * contact workflow applies them in arrival order); different customers go in parallel. Once Temporal
 * has refused one, the events not yet sent are reported `unavailable` without trying (no 500 × timeout).
 */
export async function deliverEvents(deps: IntakeDeps, items: readonly unknown[], log: FastifyBaseLogger): Promise<IntakeResult[]> {
  const results: IntakeResult[] = [];
  const byCustomer = new Map<string, { index: number; event: CustomerEvent }[]>();
  items.forEach((item, index) => {
    const checked = checkEvent(deps, item);
    if ('event' in checked) {
      const queue = byCustomer.get(checked.event.customerId) ?? [];
      queue.push({ index, event: checked.event });
      byCustomer.set(checked.event.customerId, queue);
    } else {
      countInvalid(deps, (item as { type?: unknown } | null)?.type);
      const { code, message, details } = checked.problem;
      results.push({ index, ...eventIdOf(item), status: 'rejected', error: { code, message, details } });
    }
  });

  let temporalDown = false;
  const queues = [...byCustomer.values()];
  const worker = async (): Promise<void> => {
    for (let queue = queues.shift(); queue; queue = queues.shift()) {
      for (const { index, event } of queue) {
        if (temporalDown) {
          results.push({ index, eventId: event.eventId, status: 'unavailable', error: notTried });
          continue;
        }
        try {
          const { workflowId } = await deliverEvent(deps, event, log);
          results.push({ index, eventId: event.eventId, status: 'accepted', workflowId });
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          if (error.code === 'customer_erased') {
            results.push({ index, eventId: event.eventId, status: 'rejected', error: { code: error.code, message: error.message } });
            continue;
          }
          temporalDown = true;
          results.push({ index, eventId: event.eventId, status: 'unavailable', error: { code: error.code, message: error.message } });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_CUSTOMERS, queues.length) }, worker));
  return results.sort((a, b) => a.index - b.index);
}

const notTried = { code: 'temporal_unavailable', message: 'not sent: Temporal refused an earlier event of this request; retry with the same eventId' };

/** Why an event is refused: the HTTP status a single event gets, and the error a batch item carries. */
export interface EventProblem {
  status: 400 | 413 | 422;
  code: string;
  message: string;
  details?: unknown;
}

/**
 * The one check of an event as sent, for every route that takes events: limits first (before anything
 * walks or serialises it), then the strict schema (unknown fields refused, nothing coerced), then the
 * bounds of occurredAt, the profile (time zone, phones normalised) and the documented type's data.
 */
export function checkEvent(deps: Pick<IntakeDeps, 'sequences'>, item: unknown): { event: CustomerEvent } | { problem: EventProblem } {
  const limit = limitProblem(item);
  if (limit) return { problem: limit };
  const parsed = customerEventSchema.safeParse(item);
  if (!parsed.success) {
    return { problem: { status: 400, code: 'invalid_request', ...zodProblems(parsed.error, 'event') } };
  }
  const event = parsed.data;
  const tooEarlyOrLate = event.occurredAt === undefined ? undefined : occurredAtProblem(event.occurredAt, Date.now());
  if (tooEarlyOrLate) {
    return { problem: { status: 422, code: 'occurred_at_out_of_range', message: `occurredAt: ${tooEarlyOrLate}`, details: [{ path: 'occurredAt', message: tooEarlyOrLate }] } };
  }
  if (event.customer) {
    const profile = normalizeProfile(event.customer, phoneFields(deps));
    if ('problem' in profile) return profile;
    const dates = customerDateProblem(profile.customer, dateFields(deps));
    if (dates) return { problem: dates };
    event.customer = profile.customer;
  }
  const problems = eventDataProblems(event.type, event.data);
  if (problems.length > 0) {
    return { problem: { status: 422, code: 'invalid_event_data', message: `data does not fit the documented "${event.type}" event`, details: problems } };
  }
  return { event };
}

/** `phone` and every field a loaded sequence declares as `phone`. */
const phoneFields = (deps: Pick<IntakeDeps, 'sequences'>): string[] => ['phone', ...deps.sequences.list().flatMap((sequence) => sequence.phoneField ?? [])];

/** The customer fields the loaded date triggers read. */
const dateFields = (deps: Pick<IntakeDeps, 'sequences'>): string[] => deps.sequences.list().flatMap((sequence) => sequence.trigger.date?.field ?? []);

function eventIdOf(item: unknown): { eventId?: string } {
  const eventId = (item as { eventId?: unknown } | null)?.eventId;
  return typeof eventId === 'string' ? { eventId } : {};
}
