import { createHash } from 'node:crypto';
import pg from 'pg';

/** The most statement texts that get names in one pool (see `preparedStatementsClient`). */
const NAMED_TEXTS_LIMIT = 500;
/** SQLSTATE of "cached plan must not change result type": a table a prepared statement reads changed underneath it. */
const PLAN_CHANGED_RESULT_TYPE = '0A000';

type QueryResultCallback = (error: Error | null, result?: pg.QueryResult) => void;

/**
 * A `pg.Client` for the store's pool (pg-pool's `Client` option) that sends each parameterised statement as
 * a named prepared statement, so PostgreSQL parses and plans a text once per connection, not once per
 * query. Only query configs with a `text`, no `name`, no `submit` (cursors) and bound values get a name;
 * parameterless ones (BEGIN, COMMIT, `select 1`) stay on the simple protocol. The name is a hash of the
 * text, the same on every connection.
 *
 * Bounded: at most `limit` distinct texts ever get names in this pool (later ones run unnamed, as before),
 * so statements whose text varies (lists of any length) cannot grow each connection's prepared statements
 * without end.
 *
 * A schema change by another process (a migration) can make PostgreSQL refuse a prepared statement with
 * "cached plan must not change result type": that query fails (its transaction is aborted anyway), and the
 * connection then names its statements anew (a new generation), so the next query is prepared again (pg-pool
 * drops a connection whose `pool.query` failed, but a transaction's connection goes back to the pool). The
 * stale statements stay on that connection until it closes.
 */
export function preparedStatementsClient({ limit = NAMED_TEXTS_LIMIT }: { limit?: number } = {}): typeof pg.Client {
  const hashes = new Map<string, string>();
  const hashOf = (text: string): string | undefined => {
    let hash = hashes.get(text);
    if (hash === undefined && hashes.size < limit) {
      hash = createHash('sha1').update(text).digest('hex').slice(0, 20);
      hashes.set(text, hash);
    }
    return hash;
  };

  return class PreparingClient extends pg.Client {
    /** Bumped when PostgreSQL refuses this connection's prepared statements after a schema change. */
    #generation = 0;

    // One signature for pg's overloads; what they answer is pg's own (a promise, or undefined with a callback).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(config: unknown, values?: unknown, callback?: unknown): any {
      const query = (super.query as (...args: unknown[]) => unknown).bind(this);
      const named = this.#named(config, values);
      if (!named) return query(config, values, callback);
      const answered = (query(named) as Promise<pg.QueryResult>).catch((error: unknown) => {
        if ((error as { code?: unknown }).code === PLAN_CHANGED_RESULT_TYPE) this.#generation += 1;
        throw error;
      });
      const done = (typeof values === 'function' ? values : callback) as QueryResultCallback | undefined;
      if (!done) return answered;
      answered.then((result) => done(null, result), (error: Error) => done(error));
      return undefined;
    }

    /** A copy of the config with its name and values, when it is one to prepare. */
    #named(config: unknown, values: unknown): pg.QueryConfig | undefined {
      if (typeof config !== 'object' || config === null) return undefined;
      const { text, name, submit, callback, values: own } = config as pg.QueryConfig & { submit?: unknown; callback?: unknown };
      const bound = Array.isArray(values) ? values : own;
      if (typeof text !== 'string' || name !== undefined || submit !== undefined || callback !== undefined || !bound?.length) return undefined;
      const hash = hashOf(text);
      return hash === undefined ? undefined : { ...(config as pg.QueryConfig), values: bound, name: `s${this.#generation}_${hash}` };
    }
  };
}
