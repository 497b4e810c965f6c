import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Readable } from 'node:stream';
import { Connection } from '@temporalio/client';

/** Helpers for the Temporal servers Peygir runs as child processes (the dev server, the cluster's). */

/** Waits until a Temporal frontend at `address` answers. */
export async function waitForFrontend(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${timeoutMs / 1000} s`, { cause: error });
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

/** Calls `write` with each non-empty line of a child's output. */
export function pipeLines(stream: Readable | null, write: (line: string) => void): void {
  let rest = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) write(line);
  });
}

/** SIGTERM, SIGKILL after 10 s; resolves once the child is gone. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** Fails early and clearly when another Temporal (or anything) already holds a port. */
export function assertPortFree(port: number, variable: string): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', () =>
      fail(new Error(`port ${port} is in use: is another Peygir or Temporal running? Stop it, set ${variable}, or point TEMPORAL_ADDRESS at it`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}
