import { spawn, type ChildProcess } from 'node:child_process';

export interface PeygirProcess {
  child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output: string[];
  /** SIGTERM (or `signal`); resolves with the exit code once it is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * A project command as its own process (`src/main.ts`, `src/cluster/main.ts`), started with `env` on
 * top of this one's; resolves once its output contains `ready`, or fails with that output.
 */
export async function startProcess(entry: string, env: Record<string, string>, ready: string, timeoutMs = 60_000): Promise<PeygirProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
      child.once('exit', (code) => done(code));
      child.kill(signal);
    });
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => failWith(`no "${ready}" within ${timeoutMs / 1000} s`), timeoutMs);
    const failWith = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      fail(new Error(`${entry}: ${why}\n${output.join('').slice(-6000)}`));
    };
    const check = (): void => {
      if (!output.join('').includes(ready)) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.off('exit', exited);
      done();
    };
    const exited = (code: number | null): void => failWith(`exited (${code}) before "${ready}"`);
    child.stdout.on('data', check);
    child.once('exit', exited);
  });
  return { child, output, stop };
}
