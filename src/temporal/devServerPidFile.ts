import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../logger.js';

/**
 * `<dataDir>/temporal-dev-server.pid`: which dev server which Peygir started on this data folder. A Peygir
 * killed with SIGKILL cannot stop its dev server (it runs in its own process group, so that Ctrl-C reaches
 * Peygir first); the next start on the same data folder finds it here and stops it.
 */
interface DevServerRecord {
  server: number;
  peygir: number;
}

const pidFile = (dataDir: string): string => join(dataDir, 'temporal-dev-server.pid');

/** The dev server's SQLite file: what tells a dev server of this data folder from any other process. */
export const devServerDatabase = (dataDir: string): string => resolve(dataDir, 'temporal.db');

export function recordDevServer(dataDir: string, server: number): void {
  writeFileSync(pidFile(dataDir), JSON.stringify({ server, peygir: process.pid } satisfies DevServerRecord));
}

/** Removes the record of `server` (a newer dev server on the same data folder keeps its own). */
export function forgetDevServer(dataDir: string, server: number): void {
  if (readRecord(dataDir)?.server === server) rmSync(pidFile(dataDir), { force: true });
}

/**
 * Stops the dev server an earlier Peygir left running on this data folder, if that Peygir is gone. One
 * whose Peygir still runs is left alone (the port check then says another Peygir is running), and so is
 * a process that reuses the pid but is not a dev server of this data folder.
 */
export async function stopOrphanedDevServer(dataDir: string, log: Logger): Promise<void> {
  const record = readRecord(dataDir);
  if (!record || isAlive(record.peygir)) return;
  if (isAlive(record.server) && commandLine(record.server)?.includes(devServerDatabase(dataDir))) {
    log.warn(`stopping the Temporal dev server (pid ${record.server}) that an earlier Peygir left running on ${dataDir}`);
    await terminate(record.server);
  }
  forgetDevServer(dataDir, record.server);
}

function readRecord(dataDir: string): DevServerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(pidFile(dataDir), 'utf8')) as Partial<DevServerRecord>;
    return Number.isInteger(record.server) && Number.isInteger(record.peygir) ? (record as DevServerRecord) : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux has /proc; macOS has `ps`. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return undefined;
    }
  }
}

/** SIGTERM (it closes SQLite cleanly), SIGKILL after 10 s. */
export async function terminate(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const killAt = Date.now() + 10_000;
  let killed = false;
  while (isAlive(pid)) {
    if (!killed && Date.now() > killAt) {
      process.kill(pid, 'SIGKILL');
      killed = true;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
