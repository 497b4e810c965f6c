import { spawn } from 'node:child_process';
import type { Logger } from '../logger.js';

/**
 * `go install <packages>` into `gobin`, from the Go module proxy (all packages of one module at one
 * version). Logs progress every 20 s: a cold module cache takes minutes on 2 cores.
 */
export async function goInstall(packages: string[], gobin: string, what: string, log: Logger): Promise<void> {
  const started = Date.now();
  const child = spawn('go', ['install', ...packages], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const ticker = setInterval(() => log.info(`still building ${what}… ${Math.round((Date.now() - started) / 1000)} s`), 20_000);
  try {
    const code = await new Promise<number | null>((done, fail) => {
      child.on('error', (error) => fail(new Error(`cannot run go (${error.message}): install Go from https://go.dev/dl or your package manager`)));
      child.on('close', done);
    });
    if (code !== 0) {
      throw new Error(
        `go install ${packages.join(' ')} failed (exit ${code}). Check 'go env GOPROXY GOSUMDB GOTOOLCHAIN'.\n${output.join('').slice(-4000)}`,
      );
    }
  } finally {
    clearInterval(ticker);
  }
  log.info(`built ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
}
