import { spawn } from 'node:child_process';
import { freePort } from '../../tests/support/freePort.js';
import { cpuSecondsOf, rssBytesOf } from './proc.js';
import { BENCH_PAYLOAD_KEYS } from './temporal.js';

export interface PeygirProcess {
  pid: number;
  role: PeygirProcessOptions['role'];
  /** http://127.0.0.1:<port> (API roles). */
  baseUrl: string;
  /** Resident memory of the process now, in bytes (Linux /proc). */
  rssBytes(): number;
  /** CPU time (user + system) it has used so far, in seconds (Linux /proc). */
  cpuSeconds(): number;
  /** The last lines it printed. */
  recentOutput(): string;
  stop(): Promise<void>;
}

export interface PeygirProcessOptions {
  role: 'all' | 'worker' | 'api';
  temporalAddress: string;
  taskQueue: string;
  /** Extra environment (SMTP_URL, SEQUENCES_DIR, WORKFLOW_BUNDLE, …). */
  env?: Record<string, string>;
}

/**
 * Peygir as it runs in production: `src/main.ts` in its own process with PEYGIR_ROLE, against the bench's
 * Temporal, with default logging (info, JSON). Resolves once it logs "Peygir is up".
 */
export async function startPeygirProcess(options: PeygirProcessOptions): Promise<PeygirProcess> {
  const port = options.role === 'worker' ? 0 : await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PEYGIR_ROLE: options.role,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      // The bench is one source sending far more than a shop would: no 429s here.
      RATE_LIMIT_PER_MINUTE: '100000000',
      // Split roles are a production shape: they must be given their secrets (the same on every process).
      PEYGIR_SECRET: 'bench-link-secret-0123456789',
      WEBHOOK_SECRET: 'bench-webhook-secret-0123456789',
      PAYLOAD_KEYS: BENCH_PAYLOAD_KEYS,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(chunk.toString());
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const up = new Promise<void>((done) => {
    const watch = (chunk: Buffer): void => {
      if (!chunk.toString().includes('Peygir is up')) return;
      child.stdout.off('data', watch);
      done();
    };
    child.stdout.on('data', watch);
  });
  const failed = exited.then((code) => {
    throw new Error(`peygir (${options.role}) exited with ${code} before it was up:\n${lines.join('')}`);
  });
  const timeout = new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`peygir (${options.role}) not up within 120 s:\n${lines.join('')}`)), 120_000).unref());
  try {
    await Promise.race([up, failed, timeout]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  failed.catch(() => undefined);
  return {
    pid: child.pid ?? 0,
    role: options.role,
    baseUrl: `http://127.0.0.1:${port}`,
    rssBytes: () => rssBytesOf(child.pid ?? 0),
    cpuSeconds: () => cpuSecondsOf(child.pid ?? 0),
    recentOutput: () => lines.join(''),
    async stop() {
      if (child.exitCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

/** Resolves once the process has been idle (under 2% of a core for half a second), or after 60 s: work left from a round is not charged to the next. */
export async function settled(process: PeygirProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (let before = process.cpuSeconds(); Date.now() < deadline; ) {
    await new Promise((done) => setTimeout(done, 500));
    const now = process.cpuSeconds();
    if (now - before < 0.01) return;
    before = now;
  }
}
