import { patched } from '@temporalio/workflow';
import type { SequenceDefinition } from '../src/dsl/definition.js';
import type { FrequencyCaps } from '../src/dsl/frequencyCaps.js';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import { compute } from './activities.js';
import { patches } from './patches.js';
import type { SendPermits } from './sendPermits.js';

/**
 * What the API knew as it took an event (its registry and config at that moment): the compiled sequences
 * whose trigger is the event's type, pinned by their version hashes, and the installation's frequency caps.
 * It rides in the `customer_event` signal, so it is in the contact's history as an activity result would be.
 */
export interface TriggerSnapshot {
  sequences: SequenceDefinition[];
  frequencyCaps: FrequencyCaps;
}

/**
 * The snapshots that came with the contact's pending events, by eventId. Held in the run's memory only
 * (replay rebuilds it from the signals), so the state carried over continue-as-new stays small: an event
 * carried over has lost its snapshot and asks the activities, as an event from a workflow does.
 */
export class TriggerSnapshots {
  private readonly byEventId = new Map<string, TriggerSnapshot>();

  keep(event: CustomerEvent, snapshot: TriggerSnapshot | undefined): void {
    if (snapshot) this.byEventId.set(event.eventId, snapshot);
  }

  /** The snapshot that came with `event`, handed out once. */
  take(event: CustomerEvent): TriggerSnapshot | undefined {
    const snapshot = this.byEventId.get(event.eventId);
    this.byEventId.delete(event.eventId);
    return snapshot;
  }
}

/**
 * The sequences `event` starts. From its snapshot when it has one (and the caps from it too: no activity
 * and no workflow task before the enrollment starts); otherwise the worker's registry says, through
 * the `triggeredSequences` activity (runs from before the patch, events from workflows or older APIs).
 */
export async function triggeredSequences(event: CustomerEvent, snapshot: TriggerSnapshot | undefined, permits: SendPermits): Promise<SequenceDefinition[]> {
  if (!snapshot || !patched(patches.eventCarriesTriggers)) return compute.triggeredSequences(event.type);
  permits.knowCaps(snapshot.frequencyCaps);
  return snapshot.sequences;
}
