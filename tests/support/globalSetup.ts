import { resolve } from 'node:path';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { locateTemporalCli } from '../../src/temporal/cli.js';
import { writeWorkflowBundle } from '../../src/worker/bundle.js';
import { ensureJavaTestServer } from './javaTestServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testServerPath: string;
    temporalCliPath: string;
    workflowBundlePath: string;
  }
}

/**
 * Once per test run, shared by all test files: resolve the Java test server (Maven Central), find or
 * build the Temporal CLI dev server (Go module proxy), and bundle the workflows.
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('testServerPath', ensureJavaTestServer());
  project.provide('temporalCliPath', await locateTemporalCli(pino(), process.env.TEMPORAL_CLI));
  const workflowBundlePath = resolve('.tools/workflow-bundle.js');
  await writeWorkflowBundle(workflowBundlePath);
  project.provide('workflowBundlePath', workflowBundlePath);
}
