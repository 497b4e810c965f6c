import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { commandLine, isAlive, terminate } from '../temporal/devServerPidFile.js';

/**
 * `<folder>/cluster.pid`: which `npm run cluster` runs on the folder, and its Temporal Server and Web UI.
 * The server and the UI run in their own process groups (Ctrl-C reaches only the command, which stops
 * them in order), so a command killed with SIGKILL leaves them running; the next start stops them.
 */
interface ClusterRecord {
  cluster: number;
  children: number[];
}

const pidFile = (folder: string): string => join(folder, 'cluster.pid');

export function recordCluster(folder: string, children: number[]): void {
  writeFileSync(pidFile(folder), JSON.stringify({ cluster: process.pid, children } satisfies ClusterRecord));
}

export function forgetCluster(folder: string): void {
  rmSync(pidFile(folder), { force: true });
}

/** Refuses to start beside a live cluster on the folder; stops what a dead one left behind. */
export async function stopOrphanedCluster(folder: string, log: Logger): Promise<void> {
  let record: ClusterRecord;
  try {
    record = JSON.parse(readFileSync(pidFile(folder), 'utf8')) as ClusterRecord;
  } catch {
    return;
  }
  if (record.cluster !== process.pid && isAlive(record.cluster)) {
    throw new Error(`a cluster (pid ${record.cluster}) already runs on ${folder}: stop it first, or set PEYGIR_CLUSTER_DIR to another folder`);
  }
  for (const pid of record.children) {
    if (!isAlive(pid) || !commandLine(pid)?.includes(folder)) continue;
    log.warn(`stopping pid ${pid}, which an earlier cluster left running on ${folder}`);
    await terminate(pid);
  }
  forgetCluster(folder);
}
