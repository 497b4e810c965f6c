import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { stateQuery } from '../../workflows/index.js';
import { eventually } from './eventually.js';
import type { TestStack } from './stack.js';

/** The handle of a run the contact workflow starts asynchronously, once it exists. */
export async function startedRun(stack: TestStack, workflowId: string): Promise<WorkflowHandle> {
  const handle = stack.env.client.workflow.getHandle(workflowId);
  await eventually(async () => void (await handle.describe()));
  return handle;
}

/**
 * Waits until a run sleeps on a timer (status `waiting`). Call this before `result()` or
 * `env.sleep()`: the Java test server skips time whenever no workflow task is pending, even while
 * an activity is scheduled but not yet started, so skipping from a busy moment can jump years.
 */
export async function sleepingRun(stack: TestStack, workflowId: string): Promise<WorkflowHandle> {
  const handle = await startedRun(stack, workflowId);
  await eventually(async () => expect((await handle.query(stateQuery)).status).toBe('waiting'));
  return handle;
}
