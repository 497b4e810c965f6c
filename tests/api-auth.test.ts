import { Client } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { FailedAuthLimit } from '../src/api/auth/failedAuthLimit.js';
import { signatureHeader } from '../src/api/auth/signature.js';
import { buildApi } from '../src/api/server.js';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import { apiDeps, silentLog, testLinks } from './support/stack.js';
import { useStack } from './support/useStack.js';
import { unreachableTemporal } from './support/unreachableTemporal.js';

const SHOP_KEY = 'shop-key-0123456789abcdef';
const CRM_KEY = 'crm-key-0123456789abcdef';
const SURVEY_SECRET = 'survey-secret-0123456789';
const settings = apiSettingsFromConfig(
  loadConfig({ API_KEYS: `shop:${SHOP_KEY},crm:${CRM_KEY}`, WEBHOOK_SIGNING_SECRETS: `survey:${SURVEY_SECRET}`, SIGNATURE_TOLERANCE_SECONDS: '300' }),
);
const now = () => Math.floor(Date.now() / 1000);

describe('API authentication: per-source keys and signed webhooks', () => {
  const t = useStack({ definitions: [], apiSettings: settings });

  const event = (eventId: string) => ({ eventId, type: 'survey_answered', customerId: 'a-1', data: { nps: 9 } });
  const postEvent = (payload: string, headers: Record<string, string>) =>
    t.stack.api.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json', ...headers }, payload });

  it('401 without credentials or with a wrong key; 202 with a right one', async () => {
    const body = JSON.stringify(event('k-1'));
    const missing = await postEvent(body, {});
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(missing.headers['www-authenticate']).toBe('Bearer');

    const wrong = await postEvent(body, { authorization: `Bearer ${SHOP_KEY}x` });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect((await postEvent(body, { authorization: `Basic ${SHOP_KEY}` })).statusCode).toBe(401);

    const right = await postEvent(body, { authorization: `Bearer ${SHOP_KEY}` });
    expect(right.statusCode).toBe(202);
  });

  it('authenticates before it validates: a bad body without a key is a 401, not a 400', async () => {
    expect((await postEvent('{"nonsense":true}', {})).statusCode).toBe(401);
  });

  it('a signed webhook: valid → 202; replayed within the window → the same answer; wrong or expired → 401', async () => {
    const body = JSON.stringify(event('s-1'));
    const signed = signatureHeader(SURVEY_SECRET, body, now());
    const first = await postEvent(body, { 'x-peygir-signature': signed });
    expect(first.statusCode).toBe(202);
    const replay = await postEvent(body, { 'x-peygir-signature': signed });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toEqual(first.json());

    const tampered = await postEvent(body.replace('"nps":9', '"nps":1'), { 'x-peygir-signature': signed });
    expect(tampered.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    const otherSecret = await postEvent(body, { 'x-peygir-signature': signatureHeader('not-the-survey-secret', body, now()) });
    expect(otherSecret.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    const malformed = await postEvent(body, { 'x-peygir-signature': 'sha256=abc' });
    expect(malformed.json()).toMatchObject({ error: { code: 'invalid_signature' } });

    const stale = await postEvent(body, { 'x-peygir-signature': signatureHeader(SURVEY_SECRET, body, now() - 301) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ error: { code: 'signature_expired' } });
    const future = await postEvent(body, { 'x-peygir-signature': signatureHeader(SURVEY_SECRET, body, now() + 301) });
    expect(future.json()).toMatchObject({ error: { code: 'signature_expired' } });
  });

  it('signed webhooks may send events (batches too) but not inspect or control: 403', async () => {
    const batch = JSON.stringify({ events: [event('s-2')] });
    const accepted = await t.stack.api.inject({
      method: 'POST',
      url: '/v1/events/batch',
      headers: { 'content-type': 'application/json', 'x-peygir-signature': signatureHeader(SURVEY_SECRET, batch, now()) },
      payload: batch,
    });
    expect(accepted.statusCode).toBe(202);
    const inspect = await t.stack.api.inject({ url: '/v1/sequences', headers: { 'x-peygir-signature': signatureHeader(SURVEY_SECRET, '', now()) } });
    expect(inspect.statusCode).toBe(403);
    expect(inspect.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await t.stack.api.inject({ url: '/v1/sequences', headers: { authorization: `Bearer ${CRM_KEY}` } })).statusCode).toBe(200);
  });

  it('health, readiness, metrics and the docs stay open', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/docs/json']) expect((await t.stack.api.inject({ url })).statusCode, url).toBe(200);
  });
});

describe('rate limiting per source, and of failed authentication per address', async () => {
  const connection = unreachableTemporal();
  const api = await buildApi(
    apiDeps({
      client: new Client({ connection }),
      taskQueue: 'unused',
      sequences: new SequenceRegistry('sequences'),
      links: testLinks,
      settings: { ...settings, rateLimitPerMinute: 3, auth: { ...settings.auth, failuresPerMinute: 2 } },
    }),
    silentLog,
  );
  afterAll(async () => {
    await api.close();
    await connection.close();
  });
  const as = (key: string, remoteAddress = '127.0.0.1') => api.inject({ url: '/v1/sequences', remoteAddress, headers: { authorization: `Bearer ${key}` } });

  it('429 with Retry-After once a source used its requests; another source is not affected', async () => {
    for (let request = 0; request < 3; request++) expect((await as(SHOP_KEY)).statusCode).toBe(200);
    const limitedAnswer = await as(SHOP_KEY);
    expect(limitedAnswer.statusCode).toBe(429);
    expect(limitedAnswer.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limitedAnswer.headers['retry-after'])).toBeGreaterThan(0);
    expect((await as(CRM_KEY)).statusCode).toBe(200);
  });

  it('an address guessing keys gets 429 after its failures, even with a right key; other addresses are not affected', async () => {
    const guesser = '203.0.113.7';
    for (const guess of ['guess-1', 'guess-2']) expect((await as(guess, guesser)).statusCode).toBe(401);
    const blocked = await as('guess-3', guesser);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: { code: 'too_many_failed_authentications' } });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await as(CRM_KEY, guesser)).statusCode).toBe(429);
    expect((await as(CRM_KEY, '203.0.113.8')).statusCode).toBe(200);
  });
});

describe('FailedAuthLimit', () => {
  it('forgets an address once its minute is over', () => {
    let now = 0;
    const limit = new FailedAuthLimit(1, 60_000, () => now);
    limit.recordFailure('a');
    expect(() => limit.check('a')).toThrow(/failed authentications/);
    now = 59_999;
    expect(() => limit.check('a')).toThrow(/retry in 1 s/);
    now = 60_000;
    expect(() => limit.check('a')).not.toThrow();
  });
});
