import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const SECRETS = { PEYGIR_SECRET: 'a'.repeat(32), WEBHOOK_SECRET: 'b'.repeat(32), PAYLOAD_KEYS: `k1:${Buffer.alloc(32).toString('base64')}` };

describe('PEYGIR_ROLE', () => {
  it('defaults to everything in one process', () => {
    expect(loadConfig({}).PEYGIR_ROLE).toBe('all');
  });

  it('runs a lone worker or API only against a cluster', () => {
    expect(() => loadConfig({ PEYGIR_ROLE: 'worker' })).toThrow(ConfigError);
    expect(() => loadConfig({ PEYGIR_ROLE: 'api' })).toThrow(/PEYGIR_ROLE: .*set TEMPORAL_ADDRESS/);
    expect(loadConfig({ PEYGIR_ROLE: 'worker', TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_URL: 'postgres://peygir@db:5432/peygir', ...SECRETS }).PEYGIR_ROLE).toBe('worker');
  });

  it('shares one customer store between split processes: a lone worker or API needs DATABASE_URL', () => {
    expect(() => loadConfig({ PEYGIR_ROLE: 'api', TEMPORAL_ADDRESS: 'temporal:7233', ...SECRETS })).toThrow(/DATABASE_URL: .*PostgreSQL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/peygir' })).toThrow(/DATABASE_URL: expected postgres:/);
    // Named, but not shown: the URL holds the database password.
    const noDatabaseName = (() => {
      try {
        return loadConfig({ DATABASE_URL: 'postgres://peygir:hunter2hunter2@db:5432' });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(noDatabaseName).toContain('DATABASE_URL: expected postgres://');
    expect(noDatabaseName).not.toContain('hunter2');
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
  });

  it('names the variable for an unknown role', () => {
    expect(() => loadConfig({ PEYGIR_ROLE: 'scheduler', TEMPORAL_ADDRESS: 'temporal:7233', ...SECRETS })).toThrow(/PEYGIR_ROLE/);
  });
});
