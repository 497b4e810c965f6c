import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

export const POSTGRES_INSTALL_HINT = 'install PostgreSQL (Debian: apt-get install postgresql, as .ci/run does)';

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, 127.0.0.1 only). */
  url: string;
  port: number;
  /** `fast`: ends connections and writes a checkpoint; `immediate`: like a crash (fine for throwaway data). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it (`fast`: clients lose their connections), waits `pauseMs`, starts it again on the same data and port. */
  restart(pauseMs?: number): Promise<void>;
}

export interface PostgresOptions {
  binDir: string;
  /** Holds data/ (made by initdb on first start), the server's log and its socket. */
  folder: string;
  port: number;
  /** More `-c name=value` server settings (e.g. fsync=off for throwaway data). */
  settings?: Record<string, string>;
}

/** The newest Debian PostgreSQL binaries (/usr/lib/postgresql/<major>/bin), or why there are none. */
export function findPostgresBinaries(): { binDir: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((major) => existsSync(join(root, major, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? { binDir: join(root, newest, 'bin') } : { missing: `no PostgreSQL server binaries in ${root}/<version>/bin: ${POSTGRES_INSTALL_HINT}` };
}

/**
 * A PostgreSQL server of our own on 127.0.0.1:port with its data in `folder`/data: initdb on the first
 * start, the same data after. One an earlier run left running on the folder is stopped first.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user (which Debian's
 * package creates) on a folder that user owns.
 */
export async function startPostgres({ binDir, folder, port, settings = {} }: PostgresOptions): Promise<RunningPostgres> {
  const asRoot = process.getuid?.() === 0;
  // Asynchronous: pg_ctl waits for the server (-w), and the caller's event loop keeps serving meanwhile.
  const run = async (command: string, args: string[]): Promise<void> => {
    const [file, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, command), ...args]] : [join(binDir, command), args];
    await execFileAsync(file, fullArgs);
  };
  mkdirSync(folder, { recursive: true });
  if (asRoot) await handToPostgresUser(folder);
  const dataDir = join(folder, 'data');
  const options = Object.entries({ listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: folder, ...settings })
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  const failed = (error: unknown): Error => {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return new Error(`could not start PostgreSQL from ${binDir} on ${dataDir}: ${stderr || String(error)} (its log: ${join(folder, 'server.log')})`);
  };
  const start = (): Promise<void> => run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(folder, 'server.log'), '-w', '-t', '60', 'start']).catch((error: unknown) => {
    throw failed(error);
  });
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    if (await isRunning(run, dataDir)) await run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  } catch (error) {
    throw failed(error);
  }
  await start();
  const stop = (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    async restart(pauseMs = 0) {
      await stop('fast');
      await new Promise((done) => setTimeout(done, pauseMs));
      await start();
    },
  };
}

/** `pg_ctl status` exits 0 when a server runs on the data folder, 3 when none does. */
async function isRunning(run: (command: string, args: string[]) => Promise<void>, dataDir: string): Promise<boolean> {
  return run('pg_ctl', ['-D', dataDir, 'status']).then(
    () => true,
    () => false,
  );
}

async function handToPostgresUser(folder: string): Promise<void> {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  await chown(folder, uid, gid);
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-w', folder]);
  } catch {
    throw new Error(`PostgreSQL runs as the postgres user here (we are root), and that user cannot reach ${folder}: choose a folder it can reach`);
  }
}

/** Creates database `name` on the server at `serverUrl` unless it exists; returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await admin.query(`create database ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
