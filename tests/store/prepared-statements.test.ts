import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { preparedStatementsClient } from '../../src/store/preparedStatements.js';
import { createStore } from '../../src/store/store.js';
import { freshPostgresDatabase, postgresUnavailable } from '../support/postgresDatabase.js';

/** The named statements prepared on each connection, as "connection#: statement name". */
async function preparedOn(connections: Iterable<pg.Client>): Promise<string[]> {
  const names: string[] = [];
  for (const [index, connection] of [...connections].entries()) {
    const { rows } = await connection.query<{ name: string }>('select name from pg_prepared_statements order by name');
    names.push(...rows.map((row) => `${index}: ${row.name}`));
  }
  return names;
}

const codeOf = (error: unknown): unknown => (error instanceof Error && error.cause instanceof Error ? (error.cause as { code?: unknown }).code : undefined);

/** The store's pool on PostgreSQL prepares each parameterised statement once per connection (src/store/preparedStatements.ts). */
describe.skipIf(postgresUnavailable())('prepared statements of the store on PostgreSQL', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prepares the statements of recording an event once per connection, and leaves BEGIN and COMMIT unnamed', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    const store = await createStore({ databaseUrl });
    const connections = (): Set<pg.Client> => new Set(sent.mock.contexts as pg.Client[]);
    const recordSome = async (customerId: string) => {
      await store.recordEvent({ eventId: 'signup', type: 'signup', customerId, customer: { name: 'سارا', email: `${customerId}@example.ir` } });
      await store.recordEvent({ eventId: 'order-1', type: 'purchase', customerId, data: { orderId: '1' } });
      await store.getCustomer(customerId);
    };
    try {
      await recordSome('first');
      const prepared = await preparedOn(connections());
      expect(prepared.length).toBeGreaterThan(2);
      for (const name of prepared) expect(name).toMatch(/^\d+: s0_[0-9a-f]{20}$/);

      await recordSome('second');
      expect(await preparedOn(connections())).toEqual(prepared);

      const transactionEdges = sent.mock.calls.map(([config]) => config as string | pg.QueryConfig).filter((config) => /^(begin|commit)$/i.test(typeof config === 'string' ? config : config.text));
      expect(transactionEdges.length).toBeGreaterThanOrEqual(4);
      for (const edge of transactionEdges) expect(typeof edge === 'string' ? undefined : edge.name).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('answers again after another connection changes what a prepared select returns: one failure, on this connection', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const database = await openDatabase({ databaseUrl });
    const other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
    const read = async (run: (query: ReturnType<typeof sql>) => PromiseLike<unknown>) => {
      try {
        return ((await run(sql`select reading from probe where id = ${1}`)) as pg.QueryResult).rows;
      } catch (error) {
        return codeOf(error);
      }
    };
    const plain = () => read((query) => database.db.execute(query));
    const inTransaction = () => read((query) => database.db.transaction((tx) => tx.execute(query)));
    try {
      await database.db.execute(sql`create table probe (id int primary key, reading int)`);
      await database.db.execute(sql`insert into probe values (${1}, ${7})`);
      expect(await plain()).toEqual([{ reading: 7 }]);

      // Outside a transaction pg-pool drops a connection whose query failed; the next one prepares afresh.
      await other.query('alter table probe alter column reading type text');
      expect([await plain(), await plain()]).toEqual(['0A000', [{ reading: '7' }]]);

      // A transaction's connection goes back to the pool: that transaction fails, the next one on it answers.
      await other.query('alter table probe alter column reading type bigint using reading::bigint');
      expect([await inTransaction(), await inTransaction()]).toEqual(['0A000', [{ reading: '7' }]]);
    } finally {
      await other.end();
      await database.close();
    }
  });

  it('names no more texts than its bound: later texts run unnamed', async () => {
    const pool = new pg.Pool({ connectionString: await freshPostgresDatabase(), max: 1, Client: preparedStatementsClient({ limit: 2 }) });
    const add = async (n: number) => (await pool.query({ text: `select $1::int + ${n} as answer` }, [n])).rows;
    try {
      expect([await add(1), await add(2), await add(3), await add(1)]).toEqual([[{ answer: 2 }], [{ answer: 4 }], [{ answer: 6 }], [{ answer: 2 }]]);
      const { rows } = await pool.query<{ statement: string }>('select statement from pg_prepared_statements order by statement');
      expect(rows.map((row) => row.statement)).toEqual(['select $1::int + 1 as answer', 'select $1::int + 2 as answer']);
    } finally {
      await pool.end();
    }
  });
});
