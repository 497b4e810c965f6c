import type { EventToRecord, RecordOutcome, Recorded } from './recordEvent.js';

/** How many events of different customers one transaction records at most. */
export const MAX_BATCH = 64;
/** How many batches are written at once (each holds one pooled connection). */
export const BATCHES_IN_FLIGHT = 2;

interface Waiting {
  item: EventToRecord;
  resolve(outcome: RecordOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit for intake. An event is written at once when fewer than `BATCHES_IN_FLIGHT` batches are
 * being written (a lone webhook waits for nothing); the events that arrive meanwhile are written
 * together by the next batch, in one transaction and the same few statements (`recordEvents`), so under
 * load the store's work per event shrinks instead of queueing. A batch takes at most one event per
 * customer and never a customer another batch in flight holds: a customer's events are recorded in the
 * order they came, one after the other. Each caller is answered for its own event.
 */
export function intakeBatches(write: (batch: EventToRecord[]) => Promise<Recorded[]>): (item: EventToRecord) => Promise<RecordOutcome> {
  const queue: Waiting[] = [];
  const busy = new Set<string>();
  let inFlight = 0;

  const next = (): Waiting[] => {
    const batch: Waiting[] = [];
    const taken = new Set<string>();
    for (let index = 0; index < queue.length && batch.length < MAX_BATCH; ) {
      const customerId = (queue[index] as Waiting).item.event.customerId;
      // A customer already taken (or in flight) keeps its later events, and their order, for a later batch.
      const free = !busy.has(customerId) && !taken.has(customerId);
      taken.add(customerId);
      if (free) batch.push(...queue.splice(index, 1));
      else index++;
    }
    return batch;
  };

  const pump = (): void => {
    while (inFlight < BATCHES_IN_FLIGHT) {
      const batch = next();
      if (batch.length === 0) return;
      inFlight++;
      for (const { item } of batch) busy.add(item.event.customerId);
      void write(batch.map(({ item }) => item))
        .then(
          (results) => batch.forEach((waiting, index) => settle(waiting, results[index])),
          (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          inFlight--;
          for (const { item } of batch) busy.delete(item.event.customerId);
          pump();
        });
    }
  };

  return (item) =>
    new Promise<RecordOutcome>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}

function settle(waiting: Waiting, result: Recorded | undefined): void {
  if (!result) waiting.reject(new Error('the store answered no outcome for the event'));
  else if ('outcome' in result) waiting.resolve(result.outcome);
  else waiting.reject(result.error);
}
