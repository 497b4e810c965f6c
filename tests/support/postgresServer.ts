import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../../src/cluster/postgres.js';
import { freePort } from './freePort.js';

export { findPostgresBinaries } from '../../src/cluster/postgres.js';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, local only). */
  url: string;
  /** Stops it (clients lose their connections), waits `pauseMs`, starts it again on the same data and port. */
  restart(pauseMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL server for one test run (src/cluster/postgres.ts): a temp folder, a free port, no fsync. */
export async function startPostgresServer(binDir: string): Promise<PostgresServer> {
  const folder = mkdtempSync(join(tmpdir(), 'peygir-postgres-'));
  try {
    const server = await startPostgres({ binDir, folder, port: await freePort(), settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
    return {
      url: server.url,
      restart: (pauseMs) => server.restart(pauseMs),
      async stop() {
        try {
          await server.stop('immediate');
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
