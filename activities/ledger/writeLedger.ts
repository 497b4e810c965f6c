import type { LedgerEntry, LedgerFact } from '../../src/store/ledger.js';
import { rootMessage, type Store } from '../../src/store/store.js';
import { retryLater } from '../channels/failures.js';

/** What activities need of the customer store to write the ledger. */
export type LedgerStore = Pick<Store, 'appendLedger'>;

/** The facts a workflow carries in an activity's input (see workflows/ledger.ts). */
export interface CarriedLedger {
  ledger?: LedgerFact[];
}

/**
 * Appends entries to the ledger, each once (the store keeps the first of a natural key). A store that
 * does not answer fails the activity as `StoreUnavailable`, retried by Temporal: an entry is never
 * dropped, and the retry writes again only what was not written.
 */
export async function writeLedger(store: LedgerStore, entries: LedgerEntry[]): Promise<void> {
  for (const entry of entries) {
    await store.appendLedger(entry).catch((error: unknown) => {
      throw retryLater(`customer store unavailable, ledger not written: ${rootMessage(error)}`, 'StoreUnavailable');
    });
  }
}

export const entryOf = (fact: LedgerFact): LedgerEntry => ({ ...fact, occurredAt: new Date(fact.occurredAt) });

/**
 * An activity that first writes the facts its workflow carried in `input.ledger`, then does its own job
 * with the rest of the input. Written before the job: a store that is down fails the attempt before
 * anything else happens, and the retry carries the same facts.
 */
export function carriesLedger<Input extends object, Output>(store: LedgerStore, activity: (input: Input) => Promise<Output>) {
  // A named function: Temporal registers activities by property name, this keeps stack traces readable.
  return async function carrying(input: Input & CarriedLedger): Promise<Output> {
    const { ledger, ...own } = input;
    if (ledger) await writeLedger(store, ledger.map(entryOf));
    return activity(own as Input);
  };
}

/** For a workflow with facts to write and no other activity to carry them (an enrollment's end, a call claimed). */
export function createRecordLedger(store: LedgerStore) {
  return async function recordLedger(input: Required<CarriedLedger>): Promise<void> {
    await writeLedger(store, input.ledger.map(entryOf));
  };
}
