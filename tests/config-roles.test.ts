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
    expect(loadConfig({ PEYGIR_ROLE: 'worker', TEMPORAL_ADDRESS: 'temporal:7233', ...SECRETS }).PEYGIR_ROLE).toBe('worker');
  });

  it('names the variable for an unknown role', () => {
    expect(() => loadConfig({ PEYGIR_ROLE: 'scheduler', TEMPORAL_ADDRESS: 'temporal:7233', ...SECRETS })).toThrow(/PEYGIR_ROLE/);
  });
});
