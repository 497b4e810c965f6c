import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Why the PostgreSQL tests of this run are skipped ('' when the run's throwaway server is up). */
export const postgresUnavailable = (): string => inject('postgresUnavailable');

/** A new, empty database on the run's throwaway PostgreSQL server, so each test file starts clean. */
export async function freshPostgresDatabase(): Promise<string> {
  const serverUrl = inject('databaseUrl');
  const name = `peygir_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
