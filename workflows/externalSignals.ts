import { getExternalWorkflowHandle, isCancellation, log, patched, type SignalDefinition } from '@temporalio/workflow';
import { patches } from './patches.js';

/**
 * Signals another workflow. When that one cannot take it (it has ended, or never existed), logs a
 * warning and answers false instead of throwing: one workflow never fails because another has gone.
 * A cancellation of the calling scope still propagates.
 */
export async function signalWorkflow<Args extends unknown[]>(workflowId: string, signal: SignalDefinition<Args>, ...args: Args): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(signal, ...args);
    return true;
  } catch (error) {
    if (isCancellation(error) || !patched(patches.guardExternalSignals)) throw error;
    log.warn('signal not delivered: the workflow is not running', { workflowId, signal: signal.name, error: String(error) });
    return false;
  }
}
