import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../errors.js';
import { sourceOfSecret, type Credential } from './credentials.js';
import { FailedAuthLimit } from './failedAuthLimit.js';
import { SIGNATURE_HEADER, verifySignature } from './signature.js';

export interface AuthSettings {
  /** API_KEYS: `Authorization: Bearer <key>`; may call every /v1 route. */
  apiKeys: readonly Credential[];
  /** WEBHOOK_SIGNING_SECRETS: `X-Peygir-Signature`; may only send events. */
  signingSecrets: readonly Credential[];
  signatureToleranceSeconds: number;
  /** AUTH_FAILURES_PER_MINUTE: failed authentications a client address may make a minute before it gets 429s. */
  failuresPerMinute: number;
}

/** Who a route is for: `ingest` routes take events (signed webhooks may call them), `ops` routes inspect and control. */
export type RouteAccess = 'ingest' | 'ops';

/** The source every request has when no credentials are configured (development). */
export const ANONYMOUS_SOURCE = 'anonymous';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated source system (`shop`, `crm` …), set before validation. */
    source?: string;
    /** The body as received, for signature checks. */
    rawBody?: string;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const isOpen = (settings: AuthSettings): boolean => settings.apiKeys.length === 0 && settings.signingSecrets.length === 0;

/**
 * Authenticates every route of the scope it is registered in, before the body is validated: a Bearer
 * API key, or an HMAC-SHA256 signature over `<t>.<raw body>` with a timestamp inside the tolerance window.
 * With no keys and no secrets configured, everything is allowed as the `anonymous` source.
 * Too many failures from one address in a minute, and it gets 429s (FailedAuthLimit) until the minute ends.
 */
const authenticationPlugin: FastifyPluginAsync<AuthSettings> = async (app, settings) => {
  // /v1 takes JSON only (anything else: 415), and keeps the raw body for the signature.
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const raw = typeof body === 'string' ? body : body.toString('utf8');
    request.rawBody = raw;
    defaultJsonParser(request, raw, done);
  });

  const failedAuthLimit = new FailedAuthLimit(settings.failuresPerMinute);
  app.addHook('preValidation', async (request) => {
    failedAuthLimit.check(request.ip);
    try {
      request.source = authenticate(request, settings);
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 401) failedAuthLimit.recordFailure(request.ip);
      throw error;
    }
  });
};

function authenticate(request: FastifyRequest, settings: AuthSettings): string {
  if (isOpen(settings)) return ANONYMOUS_SOURCE;
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const [scheme, key] = authorization.split(' ', 2);
    const source = scheme?.toLowerCase() === 'bearer' && key ? sourceOfSecret(settings.apiKeys, key) : undefined;
    if (!source) throw new ApiError(401, 'invalid_api_key', 'the API key is not valid', undefined, { 'www-authenticate': 'Bearer' });
    return source;
  }
  const signature = request.headers[SIGNATURE_HEADER];
  if (typeof signature === 'string') {
    const check = verifySignature(signature, request.rawBody ?? '', settings.signingSecrets, {
      nowSeconds: Math.floor(Date.now() / 1000),
      toleranceSeconds: settings.signatureToleranceSeconds,
    });
    if ('problem' in check) throw signatureError(check.problem, settings.signatureToleranceSeconds);
    if (request.routeOptions.config.access !== 'ingest') {
      throw new ApiError(403, 'forbidden', 'signed webhooks may only send events; use an API key for this route');
    }
    return check.source;
  }
  throw new ApiError(401, 'unauthenticated', `send "Authorization: Bearer <API key>" or a signed "${SIGNATURE_HEADER}" header`, undefined, {
    'www-authenticate': 'Bearer',
  });
}

function signatureError(problem: 'malformed' | 'expired' | 'mismatch', toleranceSeconds: number): ApiError {
  switch (problem) {
    case 'malformed':
      return new ApiError(401, 'invalid_signature', `${SIGNATURE_HEADER} must look like t=<unix seconds>,v1=<64 hex digits>`);
    case 'expired':
      return new ApiError(401, 'signature_expired', `the signature's timestamp is more than ${toleranceSeconds} s from now; sign the request again`);
    case 'mismatch':
      return new ApiError(401, 'invalid_signature', 'the signature does not match the body (sign "<t>.<raw body>" with HMAC-SHA256)');
  }
}

export const authentication = fp(authenticationPlugin, { name: 'peygir-authentication', fastify: '5.x' });
