import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.js';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import { apiDeps, silentLog, testDataConverter, testLinks } from './support/stack.js';
import { unreachableTemporal } from './support/unreachableTemporal.js';

const OPS_KEY = 'ops-key-0123456789abcdef';
const UI = 'http://localhost:8233';

/** The codec-server protocol the Temporal Web UI speaks: base64 metadata and data. */
const wire = (value: unknown) => {
  const payload = defaultPayloadConverter.toPayload(value);
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')])),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
};

describe('the codec endpoint for the Temporal Web UI', async () => {
  const connection = unreachableTemporal();
  const settings = apiSettingsFromConfig(loadConfig({ API_KEYS: `ops:${OPS_KEY}`, TEMPORAL_UI_URL: UI }));
  const api = await buildApi(
    apiDeps({ client: new Client({ connection, dataConverter: testDataConverter }), taskQueue: 'unused', sequences: new SequenceRegistry('sequences'), links: testLinks, settings }),
    silentLog,
  );
  afterAll(async () => {
    await api.close();
    await connection.close();
  });
  const codec = (operation: 'encode' | 'decode', payloads: unknown[], headers: Record<string, string> = { authorization: `Bearer ${OPS_KEY}` }) =>
    api.inject({ method: 'POST', url: `/codec/${operation}`, headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI, ...headers }, payload: { payloads } });

  it('answers only with an API key', async () => {
    const anonymous = await codec('decode', [wire('سارا')], {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await codec('encode', [wire('سارا')], { authorization: 'Bearer wrong-key-0123456789' })).statusCode).toBe(401);
  });

  it('encrypts and decrypts payloads, round trip', async () => {
    const encoded = await codec('encode', [wire({ name: 'سارا', email: 'sara@example.com' })]);
    expect(encoded.statusCode).toBe(200);
    const [sealed] = encoded.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>().payloads;
    expect(Buffer.from(sealed?.metadata.encoding ?? '', 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed?.data ?? '', 'base64').includes(Buffer.from('sara@example.com'))).toBe(false);

    const decoded = await codec('decode', [sealed]);
    expect(decoded.statusCode).toBe(200);
    expect(decoded.json()).toEqual({ payloads: [wire({ name: 'سارا', email: 'sara@example.com' })] });
  });

  it('says which key is missing for a payload it cannot open (422)', async () => {
    const foreign = { metadata: { encoding: Buffer.from('binary/encrypted').toString('base64'), 'encryption-key-id': Buffer.from('retired').toString('base64') }, data: 'AAAA' };
    const answer = await codec('decode', [foreign]);
    expect(answer.statusCode).toBe(422);
    expect(answer.json()).toMatchObject({ error: { code: 'payload_not_decryptable', message: expect.stringContaining('"retired"') } });
  });

  it('lets the Temporal UI origin call it from the browser (CORS), and no other origin', async () => {
    const preflight = await api.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(preflight.headers['access-control-allow-headers']).toContain('x-namespace');
    expect((await codec('decode', [wire('x')])).headers['access-control-allow-origin']).toBe(UI);
    const elsewhere = await api.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });
});
