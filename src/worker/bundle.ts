import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { bundlerOptions, workflowsPath } from './worker.js';

/**
 * Bundles workflows/ once into a file that a worker loads with WORKFLOW_BUNDLE=<file>: no webpack and
 * no TypeScript sources of the workflows needed at start (the Docker image and the benchmarks use it).
 */
export async function writeWorkflowBundle(file: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath, ...bundlerOptions, logger: warningsOnly });
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, code);
}

const warningsOnly = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn: console.warn,
  error: console.error,
};
