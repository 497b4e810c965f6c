import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { WatchContact } from '../../activities/watches/watchActivities.js';
import type { SequenceDefinition } from '../dsl/definition.js';
import type { SequenceRegistry } from '../dsl/registry.js';
import type { Logger } from '../logger.js';
import { signalContact } from '../temporal/contactSignal.js';
import { idPart } from '../../workflows/ids.js';
import { rolloutWorkflow, watchSequencesSignal } from '../../workflows/index.js';
import { isSelfTriggered } from '../../workflows/watches/triggers.js';

type Temporal = { client: Client; taskQueue: string };

/** `rollout/<sequence>/<version>`: one rollout per version of a sequence, ever. */
export const rolloutWorkflowId = (sequence: Pick<SequenceDefinition, 'id' | 'version'>): string => `rollout/${idPart(sequence.id)}/${idPart(sequence.version)}`;

/**
 * Starts a rollout (workflows/rollout.ts) for each silence or date sequence whose version has none yet:
 * the customers already known get their timers without waiting for their next event. A version that
 * had one (running or done) is refused by its ID and skipped. Answers the workflow IDs started.
 */
export async function startRollouts(temporal: Temporal, sequences: SequenceDefinition[]): Promise<string[]> {
  const started: string[] = [];
  for (const sequence of sequences.filter(isSelfTriggered)) {
    const workflowId = rolloutWorkflowId(sequence);
    try {
      await temporal.client.workflow.start(rolloutWorkflow, {
        workflowId,
        taskQueue: temporal.taskQueue,
        args: [{ sequence }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        staticSummary: `Rollout of ${sequence.name} (${sequence.id}@${sequence.version}) to the known customers`,
      });
      started.push(workflowId);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return started;
}

/** Rolls out the loaded sequences now and after every reload (startup, `POST /v1/sequences/reload`, the folder watch). */
export function rolloutOnReload(registry: SequenceRegistry, temporal: Temporal, log: Logger): Promise<void> {
  const rollOut = (sequences: SequenceDefinition[]): Promise<void> =>
    startRollouts(temporal, sequences).then(
      (started) => void (started.length > 0 && log.info({ rollouts: started }, 'rolling out silence / date sequences to the known customers')),
      (error: unknown) => log.error({ err: error }, 'could not start the rollouts of silence / date sequences; the next reload tries again'),
    );
  registry.onReload(rollOut);
  return rollOut(registry.list());
}

/** How a rollout's activity reaches a contact: `watch_sequences`, starting the contact when it has none. */
export const contactWatcher =
  (temporal: Temporal): WatchContact =>
  (customerId, sequences) =>
    signalContact(temporal, customerId, watchSequencesSignal, [{ sequences }]);
