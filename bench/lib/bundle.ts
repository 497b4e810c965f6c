import { resolve } from 'node:path';
import { writeWorkflowBundle } from '../../src/worker/bundle.js';

/** Bundles the workflows once for the bench's worker processes (as the Docker image does at build time). */
export async function benchWorkflowBundle(): Promise<string> {
  const file = resolve('.tools', 'bench-workflow-bundle.js');
  await writeWorkflowBundle(file);
  return file;
}
