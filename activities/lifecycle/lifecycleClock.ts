import { Context } from '@temporalio/activity';
import type { CustomerEvent } from '../../src/events/customerEvent.js';
import { rootMessage, type Store } from '../../src/store/store.js';
import { signalContact } from '../../src/temporal/contactSignal.js';
import { customerEventSignal } from '../../workflows/protocol.js';
import { retryLater } from '../channels/failures.js';

/**
 * The lifecycle clock's activities (workflows/lifecycleClock.ts). `now` is when the attempt was scheduled:
 * the server's clock, which is the workflows' (and the test server's skipped one).
 */
export function createLifecycleClock(store: Pick<Store, 'advanceLifecycles'>) {
  return {
    async advanceLifecycles(limit: number): Promise<{ changes: CustomerEvent[]; examined: number }> {
      const now = new Date(Context.current().info.currentAttemptScheduledTimestampMs);
      return store.advanceLifecycles(now, limit).catch((error: unknown) => {
        throw retryLater(`customer store unavailable: ${rootMessage(error)}`, 'StoreUnavailable');
      });
    },
    /** Each change to its customer's contact, as intake delivers events (the contact ignores one it has seen). */
    async deliverLifecycleChanges(changes: CustomerEvent[]): Promise<void> {
      const { client, info } = Context.current();
      for (const change of changes) await signalContact({ client, taskQueue: info.taskQueue }, change.customerId, customerEventSignal, [change]);
    },
  };
}
