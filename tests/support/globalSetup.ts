import { resolve } from 'node:path';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { locateTemporalCli } from '../../src/temporal/cli.js';
import { writeWorkflowBundle } from '../../src/worker/bundle.js';
import { ensureJavaTestServer } from '../../src/temporal/javaTestServer.js';
import { findPostgresBinaries, startPostgresServer } from './postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testServerPath: string;
    temporalCliPath: string;
    workflowBundlePath: string;
    /** The run's throwaway PostgreSQL server ('' when postgresUnavailable says why not). */
    databaseUrl: string;
    postgresUnavailable: string;
  }
}

/**
 * Once per test run, shared by all test files: resolve the Java test server (Maven Central), find or
 * build the Temporal CLI dev server (Go module proxy), bundle the workflows, start a throwaway
 * PostgreSQL server (about a second; stopped when the run ends) for the store's tests. The cluster
 * tier's own test files build its Temporal Server (tests/support/clusterProcess.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('testServerPath', ensureJavaTestServer());
  project.provide('temporalCliPath', await locateTemporalCli(pino(), process.env.TEMPORAL_CLI));
  const workflowBundlePath = resolve('.tools/workflow-bundle.js');
  await writeWorkflowBundle(workflowBundlePath);
  project.provide('workflowBundlePath', workflowBundlePath);

  const postgres = findPostgresBinaries();
  if ('missing' in postgres) console.warn(`PostgreSQL tests skipped: ${postgres.missing}`);
  const server = 'binDir' in postgres ? await startPostgresServer(postgres.binDir) : undefined;
  project.provide('databaseUrl', server?.url ?? '');
  project.provide('postgresUnavailable', 'missing' in postgres ? postgres.missing : '');
  return async () => server?.stop();
}
