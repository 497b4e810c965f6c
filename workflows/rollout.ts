import { continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { SequenceDefinition } from '../src/dsl/definition.js';
import { customerStore, customerStoreOptions } from './customerStore.js';

const PAGE = 200;

export interface RolloutInput {
  /** The new or changed sequence with a silence or date trigger. */
  sequence: SequenceDefinition;
  /** The last customer ID reached (carried over continue-as-new). */
  after?: string;
  reached?: number;
}

/**
 * `rollout/<sequence>/<version>` (once per version: src/rollout/rollouts.ts): brings a new or changed
 * silence or date sequence to the customers already known. Pages through the store's customers (for a
 * date, those holding the field) and asks each contact to watch the sequence; a contact arms its timer
 * from the store (the last matching event, the date), so the customers silent for the whole length
 * today start at once. Nobody is enrolled twice: the contact's enrollment ID is made from what fired
 * (workflows/watches/), and a second rollout of a version finds them fired.
 */
export async function rolloutWorkflow(input: RolloutInput): Promise<{ reached: number }> {
  const field = input.sequence.trigger.date?.field;
  let { after, reached = 0 } = input;
  for (;;) {
    const customerIds = await customerStore.customersToWatch.executeWithOptions(
      { ...customerStoreOptions, summary: `customers after ${after ?? 'the first'}` },
      [{ field, after, limit: PAGE }],
    );
    if (customerIds.length === 0) return { reached };
    reached += await customerStore.watchContacts.executeWithOptions(
      { ...customerStoreOptions, startToCloseTimeout: '2 minutes', summary: `${customerIds.length} contacts watch ${input.sequence.id}` },
      [{ customerIds, sequences: [input.sequence] }],
    );
    after = customerIds.at(-1);
    if (workflowInfo().continueAsNewSuggested) return continueAsNew<typeof rolloutWorkflow>({ ...input, after, reached });
  }
}
