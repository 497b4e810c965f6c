import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsync } from 'fastify';
import { PayloadDecryptionError } from '../../temporal/payloadCodec.js';
import type { ApiDeps } from '../app.js';
import { authentication } from '../auth/authentication.js';
import { OPEN } from '../docs.js';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas.js';

/** A payload as the Temporal codec-server protocol carries it: metadata values and data in base64. */
interface WirePayload {
  metadata?: Record<string, string>;
  data?: string;
}

const wirePayloads = {
  type: 'object',
  properties: {
    payloads: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        properties: { metadata: { type: 'object', additionalProperties: { type: 'string' } }, data: { type: 'string' } },
      },
    },
  },
  required: ['payloads'],
};

/** Headers the Temporal Web UI sends with codec requests. */
const UI_REQUEST_HEADERS = 'authorization, content-type, x-namespace';

/**
 * The Temporal codec-server protocol, so the Temporal Web UI (and `temporal --codec-endpoint`) show
 * Peygir's encrypted payloads in clear to whoever holds an API key: `POST /codec/decode` and
 * `POST /codec/encode`, body and answer `{ payloads: [{ metadata, data }] }`. CORS admits the UI's origin.
 */
export const codecRoutes: FastifyPluginAsync<Pick<ApiDeps, 'client' | 'settings'>> = async (app, deps) => {
  const codecs = deps.client.options.loadedDataConverter.payloadCodecs;
  const uiOrigins = originsOf(deps.settings.temporalUiUrl);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || !uiOrigins.has(origin)) return;
    void reply.headers({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': UI_REQUEST_HEADERS,
      vary: 'Origin',
    });
  });
  // The browser's preflight carries no credentials.
  app.options('/codec/:operation', { schema: { ...OPEN, hide: true } }, async (_request, reply) => reply.code(204).send());

  await app.register(async (authenticated) => {
    await authenticated.register(authentication, deps.settings.auth);
    const route = (operation: 'encode' | 'decode', summary: string, run: (payloads: Payload[]) => Promise<Payload[]>) =>
      authenticated.post<{ Body: { payloads: WirePayload[] } }>(
        `/codec/${operation}`,
        { schema: { summary, tags: ['operations'], body: wirePayloads, response: { 200: wirePayloads, ...errorResponses(403, 413, 415, 422) } } },
        async (request) => {
          try {
            return { payloads: (await run(request.body.payloads.map(fromWire))).map(toWire) };
          } catch (error) {
            if (error instanceof PayloadDecryptionError) throw new ApiError(422, 'payload_not_decryptable', error.message);
            throw error;
          }
        },
      );
    route('decode', 'Decrypt Temporal payloads for display (Temporal Web UI codec endpoint)', (payloads) => decode(codecs, payloads));
    route('encode', 'Encrypt Temporal payloads (Temporal Web UI codec endpoint)', (payloads) => encode(codecs, payloads));
  });
};

async function encode(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  for (const codec of codecs) payloads = await codec.encode(payloads);
  return payloads;
}

async function decode(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
  return payloads;
}

function fromWire(payload: WirePayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

function toWire(payload: Payload): WirePayload {
  const base64 = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? []).toString('base64');
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, base64(value)])),
    data: base64(payload.data),
  };
}

/** The UI's origin, with localhost and 127.0.0.1 taken as the same machine (the dev server's UI answers on both). */
function originsOf(uiUrl: string): Set<string> {
  const origin = new URL(uiUrl);
  const origins = new Set([origin.origin]);
  for (const [one, other] of [['localhost', '127.0.0.1'], ['127.0.0.1', 'localhost']]) {
    if (origin.hostname === one) origins.add(`${origin.protocol}//${other}${origin.port ? `:${origin.port}` : ''}`);
  }
  return origins;
}
