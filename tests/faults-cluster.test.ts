import { describe, inject, it } from 'vitest';
import { clusterServers } from './faults/servers.js';
import { faultRunPasses } from './faults/verdict.js';
import { buildClusterBinaries } from './support/clusterProcess.js';
import { postgresUnavailable } from './support/postgresDatabase.js';

/**
 * Issue 17, the fault run on the cluster (the cluster tier): the fault run of tests/faults.test.ts on
 * `npm run cluster`'s Temporal Server on PostgreSQL (started in this process, src/cluster), with 2 worker
 * processes and 2 APIs sharing the customer store in that PostgreSQL: a worker killed with kill -9 (also
 * between a provider's accept and the activity's completion: the worker Temporal names as running the
 * send), an API restarted, the Temporal Server restarted, PostgreSQL restarted (the Temporal Server's
 * databases and the store at once), and the providers failing. Every expected message exactly once, none
 * after an unsubscribe, every run at its end state.
 */
describe.skipIf(postgresUnavailable())('fault run on the cluster: 2 workers, 2 APIs, Temporal Server and PostgreSQL restarts', () => {
  buildClusterBinaries();

  it('delivers every expected message exactly once and ends every run', { timeout: 900_000 }, async () => {
    await faultRunPasses(
      {
        servers: clusterServers,
        workers: 2,
        apis: 2,
        bundlePath: inject('workflowBundlePath'),
        timeFactor: 10, // as on the dev server (tests/faults.test.ts)
        settleMs: 120_000,
        cachedWorkflows: Number(process.env.FAULTS_WORKER_CACHE ?? 1_000),
      },
      'test-artifacts/faults-cluster-summary.json',
      200,
    );
  });
});
