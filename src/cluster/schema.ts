import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Logger } from '../logger.js';

/** Temporal's two databases on the cluster's PostgreSQL, with the schemas embedded in its SQL tool. */
export const TEMPORAL_DATABASES = [
  { database: 'temporal', schema: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;

const execFileAsync = promisify(execFile);

/**
 * Creates Temporal's databases and brings their schemas to the SQL tool's version: on a fresh folder
 * the whole schema, after an upgrade of the server only the new versions. Every step is safe to repeat.
 */
export async function setUpTemporalSchemas(sqlTool: string, postgresPort: number, log: Logger): Promise<void> {
  for (const { database, schema } of TEMPORAL_DATABASES) {
    const tool = (...command: string[]): Promise<unknown> =>
      execFileAsync(sqlTool, ['--plugin', 'postgres12', '--ep', '127.0.0.1', '--port', String(postgresPort), '--user', 'postgres', '--db', database, ...command]).catch(
        (error: { stdout?: string; stderr?: string; message: string }) => {
          throw new Error(`temporal SQL tool ${command.join(' ')} on ${database} failed: ${(error.stderr || error.stdout || error.message).slice(-2000)}`);
        },
      );
    await tool('create-database');
    await tool('setup-schema', '--version', '0.0');
    await tool('update-schema', '--schema-name', schema);
    log.info(`${database}: schema ${schema} up to date`);
  }
}
