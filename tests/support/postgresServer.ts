import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';

export const POSTGRES_INSTALL_HINT = 'install PostgreSQL (Debian: apt-get install postgresql, as .ci/run does)';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, local only). */
  url: string;
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL binaries (/usr/lib/postgresql/<major>/bin), or why there are none. */
export function findPostgresBinaries(): { binDir: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((major) => existsSync(join(root, major, 'bin', 'initdb'))) : [];
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? { binDir: join(root, newest, 'bin') } : { missing: `no PostgreSQL server binaries in ${root}/<version>/bin: ${POSTGRES_INSTALL_HINT}` };
}

/**
 * A throwaway PostgreSQL server for one test run: initdb in a temp folder, started on a free port on
 * 127.0.0.1, no fsync. PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user
 * (which Debian's package creates) on a folder that user owns.
 */
export async function startPostgresServer(binDir: string): Promise<PostgresServer> {
  const folder = mkdtempSync(join(tmpdir(), 'peygir-postgres-'));
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]): void => {
    const [file, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, command), ...args]] : [join(binDir, command), args];
    execFileSync(file, fullArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    await chown(folder, uid, gid);
  }
  const dataDir = join(folder, 'data');
  const port = await freePort();
  try {
    run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(folder, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`could not start a throwaway PostgreSQL from ${binDir}: ${stderr || String(error)}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
