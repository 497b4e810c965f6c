import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const SECRETS = { PEYGIR_SECRET: 'a'.repeat(32), WEBHOOK_SECRET: 'b'.repeat(32), PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };
const dataDir = (): string => mkdtempSync(join(tmpdir(), 'peygir-secrets-'));

describe('signing secrets', () => {
  it('npm start needs none: random ones are made once and kept in the data folder, readable by its owner only', () => {
    const PEYGIR_DATA_DIR = dataDir();
    const first = loadConfig({ PEYGIR_DATA_DIR });
    expect(first.PEYGIR_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(first.WEBHOOK_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(first.WEBHOOK_SECRET).not.toBe(first.PEYGIR_SECRET);
    const file = join(PEYGIR_DATA_DIR, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [payloadKey] = first.PAYLOAD_KEYS;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      PEYGIR_SECRET: first.PEYGIR_SECRET,
      WEBHOOK_SECRET: first.WEBHOOK_SECRET,
      PAYLOAD_KEY: `${payloadKey?.id}:${payloadKey?.key.toString('base64')}`,
    });

    // A restart signs with the same secrets, so links in emails already sent keep working.
    const again = loadConfig({ PEYGIR_DATA_DIR });
    expect([again.PEYGIR_SECRET, again.WEBHOOK_SECRET]).toEqual([first.PEYGIR_SECRET, first.WEBHOOK_SECRET]);
    // Another installation gets its own.
    expect(loadConfig({ PEYGIR_DATA_DIR: dataDir() }).PEYGIR_SECRET).not.toBe(first.PEYGIR_SECRET);
  });

  it('never replaces a kept file it cannot read (links in sent emails depend on it): it says which file', () => {
    const PEYGIR_DATA_DIR = dataDir();
    writeFileSync(join(PEYGIR_DATA_DIR, 'secrets.json'), '{"PEYGIR_SECRET": "too short"}');
    expect(() => loadConfig({ PEYGIR_DATA_DIR })).toThrow(`${join(PEYGIR_DATA_DIR, 'secrets.json')} is not what Peygir wrote there`);
  });

  it('takes the ones given over the kept ones', () => {
    const config = loadConfig({ PEYGIR_DATA_DIR: dataDir(), PEYGIR_SECRET: SECRETS.PEYGIR_SECRET });
    expect(config.PEYGIR_SECRET).toBe(SECRETS.PEYGIR_SECRET);
    expect(config.WEBHOOK_SECRET).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    [{ PEYGIR_ROLE: 'worker', TEMPORAL_ADDRESS: 'temporal:7233' }, 'with PEYGIR_ROLE=worker'],
    [{ PEYGIR_ROLE: 'api', TEMPORAL_ADDRESS: 'temporal:7233' }, 'with PEYGIR_ROLE=api'],
    [{ TEMPORAL_ADDRESS: 'temporal:7233' }, 'with TEMPORAL_ADDRESS set'],
    [{ NODE_ENV: 'production' }, 'with NODE_ENV=production'],
  ])('a production shape (%o) refuses to start without all three, naming each variable', (env, why) => {
    const PEYGIR_DATA_DIR = dataDir();
    expect(() => loadConfig({ ...env, PEYGIR_DATA_DIR })).toThrow(
      new RegExp(`PEYGIR_SECRET: required ${why}[^]*WEBHOOK_SECRET: required ${why}[^]*PAYLOAD_KEYS: required ${why}`),
    );
    expect(() => loadConfig({ ...env, PEYGIR_DATA_DIR, PEYGIR_SECRET: SECRETS.PEYGIR_SECRET, PAYLOAD_KEYS: SECRETS.PAYLOAD_KEYS })).toThrow(/WEBHOOK_SECRET: required/);
    expect(() => loadConfig({ ...env, PEYGIR_DATA_DIR, PEYGIR_SECRET: SECRETS.PEYGIR_SECRET, WEBHOOK_SECRET: SECRETS.WEBHOOK_SECRET })).toThrow(/PAYLOAD_KEYS: required/);
    expect(loadConfig({ ...env, PEYGIR_DATA_DIR, ...SECRETS, DATABASE_URL: 'postgres://peygir@db:5432/peygir' })).toMatchObject({ PEYGIR_SECRET: SECRETS.PEYGIR_SECRET, WEBHOOK_SECRET: SECRETS.WEBHOOK_SECRET });
  });

  it('never shows a secret that is too short', () => {
    expect(() => loadConfig({ PEYGIR_DATA_DIR: dataDir(), PEYGIR_SECRET: 'short-secret' })).toThrow(/PEYGIR_SECRET: use at least 16 characters[^(]*$/m);
  });
});

describe('PUBLIC_BASE_URL', () => {
  it('follows PORT when unset, so links in emails reach this API', () => {
    expect(loadConfig({ PEYGIR_DATA_DIR: dataDir(), PORT: '3900' }).PUBLIC_BASE_URL).toBe('http://localhost:3900');
    expect(loadConfig({ PEYGIR_DATA_DIR: dataDir() }).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PEYGIR_DATA_DIR: dataDir(), PORT: '3900', PUBLIC_BASE_URL: 'https://peygir.example.com' }).PUBLIC_BASE_URL).toBe('https://peygir.example.com');
  });
});
