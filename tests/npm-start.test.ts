import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { contactStateQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { freePort } from './support/freePort.js';

interface Started {
  child: ChildProcess;
  output: string[];
}

/** Runs `npm start`'s entry point as its own process, against the real Temporal CLI dev server. */
async function startPeygir(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await eventually(() => expect(output.join('')).toContain('Peygir is up'), 600, 100).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${output.join('')}`);
  });
  return { child, output };
}

function stop({ child }: Started): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGINT');
  });
}

describe('npm start on this machine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'peygir-start-'));
  const env: Record<string, string> = {};
  let peygir: Started;

  beforeAll(async () => {
    Object.assign(env, {
      PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      PEYGIR_DATA_DIR: dataDir,
      TEMPORAL_CLI: inject('temporalCliPath'),
      SMTP_URL: '',
    });
    peygir = await startPeygir(env);
  }, 120_000);
  afterAll(() => peygir?.child.kill('SIGKILL'));

  it('serves the Temporal Web UI, takes a purchase, and catches the welcome email in the outbox', async () => {
    const ui = await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<html');

    const accepted = await fetch(`http://127.0.0.1:${env.PORT}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        eventId: 'order-1',
        type: 'purchase',
        customerId: 'c-1',
        customer: { email: 'neda@example.com', name: 'ندا' },
      }),
    });
    expect(accepted.status).toBe(202);

    const outbox = join(dataDir, 'outbox');
    await eventually(() => expect(readdirSync(outbox).filter((name) => name.endsWith('.eml'))).toHaveLength(1), 300);
    const [file] = readdirSync(outbox);
    const mail = await simpleParser(readFileSync(join(outbox, file ?? '')));
    expect(mail.subject).toBe('ندا عزیز، به خانواده ما خوش آمدید');
    expect(peygir.output.join('')).toContain('email caught in the local outbox');
  });

  it('stops cleanly on Ctrl-C, and keeps runs and customers across a restart (SQLite and PGlite in the data folder)', async () => {
    expect(await stop(peygir)).toBe(0);
    // The dev server went down with it: its port is free again.
    await expect(freePortIs(Number(env.TEMPORAL_DEV_PORT))).resolves.toBe(true);

    peygir = await startPeygir(env);
    const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
    try {
      const client = new Client({ connection });
      const state = await client.workflow.getHandle('contact/c-1').query(contactStateQuery);
      expect(state.enrollments).toEqual(['enrollment/welcome/c-1/order-1']);
      const [run] = await collect(client.workflow.list({ query: `PeygirCustomerId = 'c-1' AND PeygirSequence = 'welcome'` }));
      expect(run?.workflowId).toBe('enrollment/welcome/c-1/order-1');
      // The customer store (embedded PGlite in .data/store/) kept the profile.
      const customer = await fetch(`http://127.0.0.1:${env.PORT}/v1/customers/c-1`);
      expect(await customer.json()).toMatchObject({ profile: { email: 'neda@example.com', name: 'ندا' }, identities: [{ kind: 'email', value: 'neda@example.com' }] });
      expect(readdirSync(join(dataDir, 'store'))).toContain('PG_VERSION');
    } finally {
      await connection.close();
    }
    expect(await stop(peygir)).toBe(0);
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function freePortIs(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}
