import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerSetup } from './stack.js';

const main = fileURLToPath(new URL('./workerProcessMain.ts', import.meta.url));

/**
 * A Peygir worker in a child process, so a test can kill it like a crash (SIGKILL, no cleanup).
 * `cachedWorkflows` > 0: a workflow cache with sticky queues, as in production (dev server only).
 */
export async function spawnWorkerProcess(setup: WorkerSetup, options: { cachedWorkflows?: number } = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, PEYGIR_TEST_WORKER: JSON.stringify(withCache(setup, options.cachedWorkflows)) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('polling') && ready());
    child.once('exit', (code) => fail(new Error(`worker process exited with ${code} before polling`)));
  });
  return child;
}

/** Kills the worker process at once, as a crash or an OOM kill would. */
export function crash(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

function withCache(setup: WorkerSetup, cachedWorkflows: number | undefined): WorkerSetup {
  if (!cachedWorkflows) return setup;
  return { ...setup, options: { ...setup.options, workerTuning: { maxCachedWorkflows: cachedWorkflows, stickyQueueScheduleToStartTimeout: '3s' } } };
}
