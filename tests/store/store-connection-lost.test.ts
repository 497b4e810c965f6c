import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { freshPostgresDatabase, postgresUnavailable } from '../support/postgresDatabase.js';

/**
 * A PostgreSQL restart ends every connection, also one inside a transaction (the fault run restarts it
 * mid-run). That transaction fails, and nothing else: the process keeps running (no uncaught `error` from
 * the checked-out connection) and the next query gets a fresh connection.
 */
describe.skipIf(postgresUnavailable())('the store when PostgreSQL ends its connections', () => {
  it('fails the transaction in flight, keeps the process up, and answers again', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const database = await openDatabase({ databaseUrl });
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    try {
      const inFlight = database.db.transaction(async (tx) => tx.execute(sql`select pg_sleep(30)`));
      const name = new URL(databaseUrl).pathname.slice(1);
      await expect
        .poll(async () => (await admin.query(`select pid from pg_stat_activity where datname = $1 and query like '%pg_sleep%'`, [name])).rowCount, { timeout: 10_000 })
        .toBe(1);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [name]);
      await expect(inFlight).rejects.toThrow();
      await new Promise((done) => setTimeout(done, 200)); // an uncaught 'error' event would land here
      expect(await database.db.execute(sql`select 1 as one`)).toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await admin.end();
      await database.close();
    }
  });
});
