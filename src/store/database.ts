import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { preparedStatementsClient } from './preparedStatements.js';
import * as schema from './schema.js';

export type StoreDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Where the store lives: PostgreSQL (`DATABASE_URL`), or PGlite in `dataDir` (in memory when absent: tests). */
export type StoreLocation = { databaseUrl: string } | { dataDir?: string | undefined };

export interface OpenDatabase {
  db: StoreDatabase;
  /** Applies the migrations in src/store/migrations/ not applied yet (one process at a time). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** In words for logs and /readyz: "PostgreSQL host:port/db" or "PGlite .data/store". */
  description: string;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
/** pg_advisory_lock key held while migrating, so processes starting together migrate one after another. */
const MIGRATION_LOCK = 7_347_001;
/** A store that does not answer within this long is unreachable (readiness, 503 at intake). */
const CONNECT_TIMEOUT_MS = 3_000;

/** The newest migration in the repo (what `peygir migrate` brings a database to). */
export async function latestMigration(): Promise<string> {
  const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.at(-1)?.tag ?? 'none';
}

export async function openDatabase(location: StoreLocation): Promise<OpenDatabase> {
  if ('databaseUrl' in location) return openPostgres(location.databaseUrl);
  if (location.dataDir) await mkdir(location.dataDir, { recursive: true });
  const client = await PGlite.create(location.dataDir ? { dataDir: location.dataDir } : {});
  const db = drizzlePglite({ client, schema });
  return {
    db,
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
    description: `PGlite ${location.dataDir ?? '(in memory)'}`,
  };
}

function openPostgres(databaseUrl: string): OpenDatabase {
  // Each connection prepares a parameterised statement once and reuses it (src/store/preparedStatements.ts).
  const pool = new pg.Pool({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 10, allowExitOnIdle: true, Client: preparedStatementsClient() });
  // An idle connection dropped by a server restart: the pool replaces it; the next query reconnects.
  pool.on('error', () => {});
  // A connection dropped while checked out (inside a transaction) also emits `error`, where the pool listens
  // only to idle ones: uncaught, it would end the process. Its query fails anyway, and the pool drops it.
  pool.on('connect', (client) => client.on('error', () => {}));
  const url = new URL(databaseUrl);
  return {
    db: drizzleNodePostgres({ client: pool, schema }),
    async migrate() {
      const connection = await pool.connect();
      try {
        const locked = drizzleNodePostgres({ client: connection, schema });
        await locked.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
        try {
          await migrateNodePostgres(locked, { migrationsFolder });
        } finally {
          await locked.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
        }
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
    description: `PostgreSQL ${url.host}${url.pathname}`,
  };
}

/** DATABASE_URL when set, else the embedded PGlite database in the data folder. */
export function storeLocationFromConfig(config: { DATABASE_URL?: string | undefined; PEYGIR_DATA_DIR: string }): StoreLocation {
  return config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: join(config.PEYGIR_DATA_DIR, 'store') };
}
