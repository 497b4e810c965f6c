import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { locateTemporalCli } from '../../src/temporal/cli.js';
import { bundlerOptions, workflowsPath } from '../../src/worker/worker.js';
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
  const { code } = await bundleWorkflowCode({ workflowsPath, ...bundlerOptions, logger: quietLogger });
  const workflowBundlePath = resolve('.tools/workflow-bundle.js');
  await writeFile(workflowBundlePath, code);
  project.provide('workflowBundlePath', workflowBundlePath);
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn: console.warn,
  error: console.error,
};
