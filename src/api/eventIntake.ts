import type { FastifyBaseLogger } from 'fastify';
import { customerEventSchema, type CustomerEvent } from '../events/customerEvent.js';
import { eventDataProblems, isDocumentedEventType } from '../events/eventTypes.js';
import type { ApiDeps } from './app.js';
import { ApiError } from './errors.js';
import { ingestEvent } from './ingest.js';

/** What became of one event of a batch (or of a manual enrollment). */
export type IntakeResult =
  | { index: number; eventId: string; status: 'accepted'; workflowId: string }
  | { index: number; eventId?: string; status: 'rejected' | 'unavailable'; error: { code: string; message: string; details?: unknown } };

type IntakeDeps = Pick<ApiDeps, 'client' | 'taskQueue' | 'sequences' | 'metrics' | 'store'>;

/** The 422 for an event of a documented type whose `data` does not fit it. */
export function assertEventData(event: CustomerEvent): void {
  const problems = eventDataProblems(event.type, event.data);
  if (problems.length > 0) {
    throw new ApiError(422, 'invalid_event_data', `data does not fit the documented "${event.type}" event`, problems);
  }
}

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
    const checked = checkEvent(item);
    if ('event' in checked) {
      const queue = byCustomer.get(checked.event.customerId) ?? [];
      queue.push({ index, event: checked.event });
      byCustomer.set(checked.event.customerId, queue);
    } else {
      countInvalid(deps, (item as { type?: unknown } | null)?.type);
      results.push({ index, ...eventIdOf(item), status: 'rejected', error: checked.error });
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

function checkEvent(item: unknown): { event: CustomerEvent } | { error: { code: string; message: string; details?: unknown } } {
  const parsed = customerEventSchema.safeParse(item);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return { error: { code: 'invalid_request', message: details.map((d) => `${d.path || 'event'}: ${d.message}`).join('; '), details } };
  }
  const problems = eventDataProblems(parsed.data.type, parsed.data.data);
  if (problems.length > 0) {
    return { error: { code: 'invalid_event_data', message: `data does not fit the documented "${parsed.data.type}" event`, details: problems } };
  }
  return { event: parsed.data };
}

function eventIdOf(item: unknown): { eventId?: string } {
  const eventId = (item as { eventId?: unknown } | null)?.eventId;
  return typeof eventId === 'string' ? { eventId } : {};
}
