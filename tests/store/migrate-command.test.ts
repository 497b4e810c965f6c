import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestMigration } from '../../src/store/database.js';
import { createStore } from '../../src/store/store.js';
import { freePort } from '../support/freePort.js';
import { freshPostgresDatabase, postgresUnavailable } from '../support/postgresDatabase.js';

function peygirMigrate(env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/peygir.js', 'migrate'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('peygir migrate', () => {
  it('names the newest migration in the repo', async () => {
    expect(await latestMigration()).toMatch(/^\d{4}_[a-z-]+$/);
  });

  it('brings the embedded store in PEYGIR_DATA_DIR/store to the newest migration, which keeps its data across opens', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'peygir-migrate-'));
    const { code, stdout, stderr } = peygirMigrate({ PEYGIR_DATA_DIR: dataDir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`customer store at migration ${await latestMigration()}: PGlite ${join(dataDir, 'store')}`);

    const store = await createStore({ dataDir: join(dataDir, 'store') });
    await store.recordEvent({ eventId: 'kept', type: 'signup', customerId: 'durable', customer: { name: 'Sara' } });
    await store.close();
    const reopened = await createStore({ dataDir: join(dataDir, 'store') });
    expect((await reopened.getCustomer('durable'))?.profile).toEqual({ name: 'Sara' });
    await reopened.close();
  });

  it.skipIf(postgresUnavailable())('migrates a PostgreSQL database from DATABASE_URL, and again changes nothing', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const first = peygirMigrate({ DATABASE_URL: databaseUrl });
    expect(first.code, first.stderr).toBe(0);
    const where = new URL(databaseUrl);
    expect(first.stdout.trim()).toBe(`customer store at migration ${await latestMigration()}: PostgreSQL ${where.host}${where.pathname}`);
    expect(peygirMigrate({ DATABASE_URL: databaseUrl }).code).toBe(0);
  });

  it('says why when the database cannot be reached (exit 70, no stack trace)', async () => {
    const { code, stderr } = peygirMigrate({ DATABASE_URL: `postgres://peygir@127.0.0.1:${await freePort()}/peygir` });
    expect(code).toBe(70);
    expect(stderr.trim()).toMatch(/^cannot migrate the customer store: .*ECONNREFUSED/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
