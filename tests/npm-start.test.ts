import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { localSecrets } from '../src/security/localSecrets.js';
import { payloadKeyring } from '../src/security/payloadKeys.js';
import { peygirDataConverter } from '../src/temporal/dataConverter.js';
import { contactStateQuery } from '../workflows/index.js';
import { eventually } from './support/eventually.js';
import { freePort } from './support/freePort.js';

interface Started {
  child: ChildProcess;
  output: string[];
}

const ENTRY_POINT = [process.execPath, '--import', 'tsx', 'src/main.ts'];

/** Runs `npm start`'s entry point (or `npm start` itself) as its own process, against the real Temporal CLI dev server. */
async function startPeygir(env: Record<string, string>, [command, ...args] = ENTRY_POINT): Promise<Started> {
  const child = spawn(command ?? '', args, {
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

function stop({ child }: Started, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill(signal);
  });
}

/** What the dev server's pid file in the data folder says: the Peygir process and its dev server. */
function pidsIn(dataDir: string): { peygir: number; server: number } {
  return JSON.parse(readFileSync(join(dataDir, 'temporal-dev-server.pid'), 'utf8')) as { peygir: number; server: number };
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
    const emails = (): string[] => readdirSync(outbox).filter((name) => name.endsWith('.eml'));
    await eventually(() => expect(emails()).toHaveLength(1), 300);
    const [file] = emails();
    const mail = await simpleParser(readFileSync(join(outbox, file ?? '')));
    expect(mail.subject).toBe('ندا عزیز، به خانواده ما خوش آمدید');
    expect(peygir.output.join('')).toContain('email caught in the local outbox');
    // The start log said where to look: the API's docs page and this outbox.
    expect(peygir.output.join('')).toContain(`(docs http://127.0.0.1:${env.PORT}/docs)`);
    expect(peygir.output.join('')).toContain(`emails caught in ${outbox}/`);
  });

  it('encrypts payloads with a key it made in the data folder, and the Web UI reads them through the API', async () => {
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const settings = (await (await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
    expect(settings.Codec?.Endpoint).toBe(`http://localhost:${env.PORT}/codec`);

    // What the UI does with the purchase signal it finds in the contact's history.
    const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
    try {
      const history = await new Client({ connection }).workflow.getHandle('contact/c-1').fetchHistory();
      const signal = history.events?.find((event) => event.workflowExecutionSignaledEventAttributes)?.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0];
      const base64 = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString('base64');
      expect(Buffer.from(signal?.data ?? []).includes(Buffer.from('neda@example.com'))).toBe(false);
      const decoded = await fetch(`http://127.0.0.1:${env.PORT}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://localhost:${env.TEMPORAL_UI_PORT}`, 'x-namespace': 'default' },
        body: JSON.stringify({ payloads: [{ metadata: Object.fromEntries(Object.entries(signal?.metadata ?? {}).map(([key, value]) => [key, base64(value)])), data: base64(signal?.data) }] }),
      });
      expect(decoded.status).toBe(200);
      expect(decoded.headers.get('access-control-allow-origin')).toBe(`http://localhost:${env.TEMPORAL_UI_PORT}`);
      const [payload] = ((await decoded.json()) as { payloads: { data: string }[] }).payloads;
      expect(Buffer.from(payload?.data ?? '', 'base64').toString()).toContain('neda@example.com');
    } finally {
      await connection.close();
    }
  });

  it('stops cleanly on Ctrl-C, and keeps runs and customers across a restart (SQLite and PGlite in the data folder)', async () => {
    expect(await stop(peygir)).toBe(0);
    // The dev server went down with it: its port is free again.
    await expect(freePortIs(Number(env.TEMPORAL_DEV_PORT))).resolves.toBe(true);

    peygir = await startPeygir(env);
    // The search attributes exist already: registering them again makes the dev server warn about nothing.
    expect(peygir.output.join('')).not.toContain('already exists');
    const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
    try {
      // Payloads are sealed with the key `npm start` made in the data folder.
      const client = new Client({ connection, dataConverter: peygirDataConverter(payloadKeyring([localSecrets(dataDir).PAYLOAD_KEY])) });
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

  it('stops everything when `npm start` itself gets SIGTERM (npm passes it on to Peygir)', async () => {
    peygir = await startPeygir(env, ['npm', 'start']);
    const { peygir: main, server } = pidsIn(dataDir);
    expect(await stop(peygir, 'SIGTERM')).toBe(0);
    expect(isAlive(main)).toBe(false);
    expect(isAlive(server)).toBe(false);
    await expect(freePortIs(Number(env.TEMPORAL_DEV_PORT))).resolves.toBe(true);
    await expect(freePortIs(Number(env.PORT))).resolves.toBe(true);
    expect(existsSync(join(dataDir, 'temporal-dev-server.pid'))).toBe(false);
  }, 120_000);

  it('after a SIGKILL of Peygir, the next start stops the dev server it left behind and starts cleanly', async () => {
    peygir = await startPeygir(env);
    const { server } = pidsIn(dataDir);
    peygir.child.kill('SIGKILL');
    await new Promise((done) => peygir.child.once('exit', done));
    // Nothing could stop it: the orphan still holds the port.
    expect(isAlive(server)).toBe(true);
    await expect(freePortIs(Number(env.TEMPORAL_DEV_PORT))).resolves.toBe(false);

    peygir = await startPeygir(env);
    expect(peygir.output.join('')).toContain(`stopping the Temporal dev server (pid ${server}) that an earlier Peygir left running on ${dataDir}`);
    expect(isAlive(server)).toBe(false);
    expect(pidsIn(dataDir).peygir).toBe(peygir.child.pid);
    expect(await stop(peygir)).toBe(0);
  }, 180_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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
