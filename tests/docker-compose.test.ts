import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * docker-compose.yml is checked by the Compose CLI itself (`config` resolves and validates the file
 * offline: no Docker engine needed). Either `docker compose` (v2 plugin) or Debian's `docker-compose`.
 */
function composeCli(): string[] | undefined {
  const candidates = [['docker', 'compose'], ['docker-compose']];
  return candidates.find(([command, ...args]) => spawnSync(command ?? '', [...args, 'version'], { encoding: 'utf8' }).status === 0);
}

const cli = composeCli();
/** The stack has no default secrets: these stand in for the values an operator sets. */
const TEST_SECRETS = { PEYGIR_SECRET: 'compose-test-link-secret', WEBHOOK_SECRET: 'compose-test-webhook-secret', PAYLOAD_KEYS: `k1:${Buffer.alloc(32).toString('base64')}` };
const config = (env: Record<string, string> = {}): { status: number | null; out: string } => {
  const [command, ...args] = cli ?? [];
  const result = spawnSync(command ?? '', [...args, '-f', 'docker-compose.yml', 'config'], {
    encoding: 'utf8',
    env: { ...process.env, ...TEST_SECRETS, ...env },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
};

describe.skipIf(!cli)('docker-compose.yml', () => {
  it('is valid for the Compose CLI, with Temporal on PostgreSQL, its UI, mailpit and Peygir workers and API', () => {
    const { status, out } = config();
    expect(out).not.toMatch(/error/i);
    expect(status).toBe(0);
    for (const service of ['postgresql:', 'temporal:', 'temporal-ui:', 'mailpit:', 'peygir-worker:', 'peygir-api:']) expect(out).toContain(service);
    expect(out).toContain('DB: postgres12');
    expect(out).toContain('PEYGIR_ROLE: worker');
    expect(out).toContain('PEYGIR_ROLE: api');
    expect(out).toContain('TEMPORAL_ADDRESS: temporal:7233');
    expect(out).toContain('SMTP_URL: smtp://mailpit:1025');
  });

  it('gives Peygir its own database `peygir` on the same PostgreSQL server as Temporal', () => {
    const { status, out } = config({ POSTGRES_PASSWORD: 's3cret' });
    expect(status).toBe(0);
    expect(out).toContain('peygir-database:');
    expect(out).toContain("create database peygir");
    expect(out).toContain('DATABASE_URL: postgres://temporal:s3cret@postgresql:5432/peygir');
    expect(out).toContain('condition: service_completed_successfully');
  });

  it('takes the task queue, namespace and API ports from the environment', () => {
    const { status, out } = config({ TEMPORAL_TASK_QUEUE: 'peygir-eu', TEMPORAL_NAMESPACE: 'shop', PEYGIR_API_PORTS: '3000-3002' });
    expect(status).toBe(0);
    expect(out).toContain('TEMPORAL_TASK_QUEUE: peygir-eu');
    expect(out).toContain('TEMPORAL_NAMESPACE: shop');
    expect(out).toContain('DEFAULT_NAMESPACE: shop');
    expect(out).toMatch(/published: ['"]?3000-3002/);
  });

  it.each(['PEYGIR_SECRET', 'WEBHOOK_SECRET', 'PAYLOAD_KEYS'])('refuses to start without %s, naming it', (variable) => {
    const { status, out } = config({ [variable]: '' });
    expect(status).not.toBe(0);
    expect(out).toContain(`set ${variable}`);
  });
});

if (!cli) {
  describe('docker-compose.yml', () => {
    it.skip('needs `docker compose` or `docker-compose` on PATH (Debian: apt-get install docker-compose) to be checked', () => {});
  });
}
