import pg from 'pg';

/** What PostgreSQL wrote, cumulative since it started: WAL, its fsyncs, and per database commits, rows written and size. */
export interface WriteCounters {
  walBytes: number;
  walRecords: number;
  /** WAL flushes to disk (fsync): what a commit costs the disk in IOPS. */
  walSyncs: number;
  databases: Record<string, { commits: number; rowsWritten: number; sizeBytes: number }>;
}

/** Reads the counters of the server `databaseUrl` is on (pg_stat_wal, pg_stat_database), after their next flush. */
export async function writeCounters(databaseUrl: string): Promise<WriteCounters> {
  await new Promise((done) => setTimeout(done, 1_500)); // backends flush their statistics at most once a second
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const wal = await client.query<{ wal_bytes: string; wal_records: string; wal_sync: string }>('select wal_bytes, wal_records, wal_sync from pg_stat_wal');
    const rows = await client.query<{ datname: string; xact_commit: string; written: string; size: string }>(
      `select datname, xact_commit, tup_inserted + tup_updated + tup_deleted as written, pg_database_size(datname) as size
       from pg_stat_database where datname in ('temporal', 'temporal_visibility', 'peygir')`,
    );
    const [counters] = wal.rows;
    return {
      walBytes: Number(counters?.wal_bytes),
      walRecords: Number(counters?.wal_records),
      walSyncs: Number(counters?.wal_sync),
      databases: Object.fromEntries(rows.rows.map((row) => [row.datname, { commits: Number(row.xact_commit), rowsWritten: Number(row.written), sizeBytes: Number(row.size) }])),
    };
  } finally {
    await client.end();
  }
}

/**
 * Per unit (e.g. per enrollment) between two readings: WAL bytes and fsyncs, and per database commits, rows
 * written and growth; less an idle interval's writes (`idle`, scaled by `scale`: the run's length over the interval's).
 */
export function writesPer(before: WriteCounters, after: WriteCounters, units: number, idle: { from: WriteCounters; to: WriteCounters; scale: number }): Record<string, number> {
  const deltas = (from: WriteCounters, to: WriteCounters): Map<string, number> => {
    const found = new Map([
      ['WAL bytes', to.walBytes - from.walBytes],
      ['WAL records', to.walRecords - from.walRecords],
      ['WAL fsyncs', to.walSyncs - from.walSyncs],
    ]);
    for (const [name, now] of Object.entries(to.databases)) {
      const then = from.databases[name] ?? now;
      found.set(`${name}: commits`, now.commits - then.commits);
      found.set(`${name}: rows written`, now.rowsWritten - then.rowsWritten);
      found.set(`${name}: bytes grown`, now.sizeBytes - then.sizeBytes);
    }
    return found;
  };
  const background = deltas(idle.from, idle.to);
  return Object.fromEntries(
    [...deltas(before, after)].map(([what, value]) => [what, Math.round(((value - (background.get(what) ?? 0) * idle.scale) / units) * 10) / 10]),
  );
}
