import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { localSecrets } from '../src/security/localSecrets.js';
import { payloadKeyring } from '../src/security/payloadKeys.js';
import { EncryptionCodec } from '../src/temporal/payloadCodec.js';

const key = (id: string, byte: number): string => `${id}:${Buffer.alloc(32, byte).toString('base64')}`;
const codecFor = (env: Record<string, string>): EncryptionCodec => {
  const config = loadConfig(env);
  return new EncryptionCodec(payloadKeyring(config.PAYLOAD_KEYS, config.PAYLOAD_KEY_ID));
};
const sara = { name: 'سارا', email: 'sara@example.com', phone: '09121234567' };

describe('the payload codec (AES-256-GCM with a key id)', () => {
  it('seals a payload so none of it reads in clear, and opens it again', async () => {
    const codec = codecFor({ PAYLOAD_KEYS: key('k1', 1) });
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(sara)]);
    const stored = Buffer.from(sealed?.data ?? []);
    for (const value of Object.values(sara)) expect(stored.includes(Buffer.from(value))).toBe(false);
    expect(Buffer.from(sealed?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k1');
    const [opened] = await codec.decode([sealed ?? {}]);
    expect(defaultPayloadConverter.fromPayload(opened ?? {})).toEqual(sara);
  });

  it('after rotation seals with the new key and still opens what the old key sealed', async () => {
    const before = codecFor({ PAYLOAD_KEYS: key('k1', 1) });
    const after = codecFor({ PAYLOAD_KEYS: `${key('k1', 1)},${key('k2', 2)}`, PAYLOAD_KEY_ID: 'k2' });
    const [old] = await before.encode([defaultPayloadConverter.toPayload(sara)]);
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload(sara)]);
    expect(Buffer.from(fresh?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k2');
    const opened = await after.decode([old ?? {}, fresh ?? {}]);
    expect(opened.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([sara, sara]);
  });

  it('names the missing key when a payload was sealed with a key it does not hold', async () => {
    const [sealed] = await codecFor({ PAYLOAD_KEYS: key('k1', 1) }).encode([defaultPayloadConverter.toPayload(sara)]);
    await expect(codecFor({ PAYLOAD_KEYS: key('k2', 2) }).decode([sealed ?? {}])).rejects.toThrow(/key "k1", which is not in PAYLOAD_KEYS/);
  });

  it('refuses a payload whose ciphertext was changed, or another key under the same id', async () => {
    const codec = codecFor({ PAYLOAD_KEYS: key('k1', 1) });
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(sara)]);
    const tampered = Buffer.from(sealed?.data ?? []);
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    await expect(codec.decode([{ ...sealed, data: tampered }])).rejects.toThrow(/does not open/);
    await expect(codecFor({ PAYLOAD_KEYS: key('k1', 9) }).decode([sealed ?? {}])).rejects.toThrow(/does not open/);
  });

  it('passes payloads written before encryption through unchanged', async () => {
    const plain = defaultPayloadConverter.toPayload('old');
    expect(await codecFor({ PAYLOAD_KEYS: key('k1', 1) }).decode([plain])).toEqual([plain]);
  });
});

describe('PAYLOAD_KEYS and PAYLOAD_KEY_ID', () => {
  it('stop the process with a message naming the variable, never showing a key', () => {
    expect(() => loadConfig({ PAYLOAD_KEYS: 'k1:c2hvcnQ=' })).toThrow(/PAYLOAD_KEYS: key "k1" is 5 bytes; AES-256 needs 32/);
    expect(() => loadConfig({ PAYLOAD_KEYS: 'no-colon' })).toThrow(/PAYLOAD_KEYS: entries look like id:base64key/);
    expect(() => loadConfig({ PAYLOAD_KEYS: `${key('k1', 1)},${key('k1', 2)}` })).toThrow(/PAYLOAD_KEYS: key id "k1" is listed twice/);
    expect(() => loadConfig({ PAYLOAD_KEYS: `${key('k1', 1)},${key('k2', 2)}` })).toThrow(/PAYLOAD_KEY_ID: name the key/);
    expect(() => loadConfig({ PAYLOAD_KEYS: key('k1', 1), PAYLOAD_KEY_ID: 'k3' })).toThrow(/PAYLOAD_KEY_ID: name the key/);
    expect(() => loadConfig({ PAYLOAD_KEYS: 'k1:c2hvcnQ=' })).not.toThrow(/c2hvcnQ/);
  });

  it('are required when the worker and the API run as separate processes', () => {
    expect(() => loadConfig({ PEYGIR_ROLE: 'api', TEMPORAL_ADDRESS: 'temporal:7233' })).toThrow(/PAYLOAD_KEYS: required with PEYGIR_ROLE=api: every worker and API process must share/);
  });

  it('unset (npm start): a key is made once in the data folder, readable by its owner only', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'peygir-keys-')), 'data');
    const [made] = loadConfig({ PEYGIR_DATA_DIR: dataDir }).PAYLOAD_KEYS;
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(made?.key).toHaveLength(32);
    expect(loadConfig({ PEYGIR_DATA_DIR: dataDir }).PAYLOAD_KEYS).toEqual([made]);
    expect(localSecrets(dataDir).PAYLOAD_KEY).toEqual(made);
  });
});
