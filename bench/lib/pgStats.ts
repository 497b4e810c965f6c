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

/** Per unit (e.g. per enrollment) between two readings: WAL bytes and fsyncs, and per database commits, rows written and growth. */
export function writesPer(before: WriteCounters, after: WriteCounters, units: number): Record<string, number> {
  const per = (value: number): number => Math.round((value / units) * 10) / 10;
  const result: Record<string, number> = {
    'WAL bytes': per(after.walBytes - before.walBytes),
    'WAL records': per(after.walRecords - before.walRecords),
    'WAL fsyncs': per(after.walSyncs - before.walSyncs),
  };
  for (const [name, now] of Object.entries(after.databases)) {
    const then = before.databases[name] ?? { commits: 0, rowsWritten: 0, sizeBytes: now.sizeBytes };
    result[`${name}: commits`] = per(now.commits - then.commits);
    result[`${name}: rows written`] = per(now.rowsWritten - then.rowsWritten);
    result[`${name}: bytes grown`] = per(now.sizeBytes - then.sizeBytes);
  }
  return result;
}
