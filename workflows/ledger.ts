import type { LedgerFact, LedgerKind } from '../src/store/ledger.js';

/** What a fact is about and who it concerns; `note` adds the instant (workflow time). */
export type LedgerNote = Omit<LedgerFact, 'occurredAt'>;

/**
 * Facts only a workflow knows (a run started, reached a step, skipped a message, ended; a call task was
 * claimed), kept until an activity has written them to the store. Workflows do no I/O: the facts ride
 * in the input of the next activity the run calls anyway (`carry`), or in `recordLedger` when the run
 * has no other activity to call. A fact is dropped only once an activity that carried it completed;
 * the store's natural key makes a fact carried twice a single entry.
 */
export class WorkflowLedger {
  private pending: LedgerFact[] = [];

  /** `false` for runs from before the ledger (replayed without the patch marker): they note nothing. */
  constructor(readonly enabled: boolean) {}

  note(kind: LedgerKind, note: Omit<LedgerNote, 'kind'>): void {
    if (this.enabled) this.pending.push({ ...note, kind, occurredAt: new Date(Date.now()).toISOString() });
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Writes the pending facts through `record` (the `recordLedger` activity), when there are any. */
  async flush(record: (input: { ledger: LedgerFact[] }) => Promise<void>): Promise<void> {
    if (this.hasPending) await this.carry(({ ledger = [] }) => record({ ledger }));
  }

  /**
   * Calls an activity with the pending facts (`{ ledger }`, spread into its input; `{}` when there are
   * none, so inputs stay as they were) and forgets them once it completed.
   */
  async carry<T>(call: (ledger: { ledger?: LedgerFact[] }) => Promise<T>): Promise<T> {
    const carried = this.pending.slice();
    const result = await call(carried.length > 0 ? { ledger: carried } : {});
    this.pending = this.pending.filter((fact) => !carried.includes(fact));
    return result;
  }
}
